using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using Modelplane.Governance.Audit;
using Modelplane.Governance.Policies;
using Modelplane.Registry;
using Modelplane.Registry.Artifacts;
using Modelplane.Registry.FileSystem;
using Modelplane.Server.Hosting;
using Modelplane.Server.Oip;
using Modelplane.Serving;
using Modelplane.Serving.Memory;
using Modelplane.Serving.Telemetry;

namespace Modelplane.Server.Workspaces;

/// <summary>
/// One workspace other than the default: its own container of <see cref="WorkspaceServices"/> over its own data
/// folder (<c>&lt;data-dir&gt;/workspaces/&lt;name&gt;</c>: registry database and blobs), sharing the application's
/// clock, logging, runtimes, memory budget and control-database stores; its inference metrics are the application's
/// instruments labelled with its name.
/// </summary>
internal sealed class WorkspaceHost : IAsyncDisposable
{
    /// <summary>The application's singletons a workspace's services use as they are.</summary>
    internal static readonly Type[] Shared =
    [
        typeof(IConfiguration), typeof(ILoggerFactory), typeof(TimeProvider), typeof(IHostEnvironment), typeof(IFileSystem),
        typeof(ModelRunnerFactory), typeof(IOptions<ServingOptions>), typeof(ServingMemory), typeof(ReadinessState), typeof(PolicyStore), typeof(IVersionSignatureKeys),
        typeof(ShadowMirror), typeof(IAuditLog), typeof(InferenceLog.InferenceLogMetrics), typeof(global::Modelplane.Governance.Secrets.DerivedKeys),
        typeof(Slos.SloRecorders), typeof(Slos.AlertDelivery),
    ];

    // Options a workspace configures for itself (its data folder); other options are the application's.
    private static readonly Type[] OwnOptions = [typeof(RegistryOptions), typeof(ArtifactCollectionOptions)];

    private readonly ServiceProvider _services;
    private readonly FrozenSet<Type> _owned;
    private IHostedService[] _started = [];

    private WorkspaceHost(string name, string dataDirectory, ServiceProvider services, FrozenSet<Type> owned)
    {
        Name = name;
        DataDirectory = dataDirectory;
        _services = services;
        _owned = owned;
    }

    public string Name { get; }

    public string DataDirectory { get; }

    public IServiceProvider Services => _services;

    /// <summary>Builds the workspace's container (not started: call <see cref="StartAsync"/>).</summary>
    public static WorkspaceHost Create(string name, string dataDirectory, IServiceProvider application)
    {
        var services = new ServiceCollection();
        foreach (var type in Shared)
        {
            // As instances, so disposing the workspace never disposes what the application shares.
            services.AddSingleton(type, application.GetRequiredService(type));
        }

        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        // The same instruments, labelled with this workspace: model names repeat across workspaces.
        services.AddSingleton(application.GetRequiredService<Telemetry.InferenceTelemetry>().ForWorkspace(name));
        services.AddSingleton(new Rollouts.WorkspaceScope(name));
        services.AddWorkspaceServices();
        services.PostConfigure<RegistryOptions>(o => o.DataDirectory = dataDirectory);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        return new WorkspaceHost(name, dataDirectory, provider, OwnedTypes(services));
    }

    /// <summary>The closed service types a workspace has its own instance of (what must never come from the application).</summary>
    internal static FrozenSet<Type> OwnedTypes(IServiceCollection workspaceServices) =>
        workspaceServices
            .Where(d => !d.ServiceType.IsGenericTypeDefinition && !Shared.Contains(d.ServiceType))
            .Select(d => d.ServiceType)
            .Concat(OwnOptions.SelectMany(o => new[]
            {
                typeof(IOptions<>).MakeGenericType(o), typeof(IOptionsSnapshot<>).MakeGenericType(o), typeof(IOptionsMonitor<>).MakeGenericType(o),
            }))
            .ToFrozenSet();

    /// <summary>True when the workspace resolves <paramref name="serviceType"/> (or a sequence of it) from its own container.</summary>
    public bool Owns(Type serviceType) =>
        _owned.Contains(serviceType)
        || (serviceType.IsConstructedGenericType && serviceType.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            && _owned.Contains(serviceType.GenericTypeArguments[0]));

    /// <summary>Migrates the workspace's registry, loads its endpoints and starts its background work.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(DataDirectory);
        var hosted = _services.GetServices<IHostedService>().ToArray();
        var started = new List<IHostedService>(hosted.Length);
        try
        {
            foreach (var service in hosted)
            {
                await service.StartAsync(ct).ConfigureAwait(false);
                started.Add(service);
            }
        }
        finally
        {
            _started = [.. started];
        }
    }

    /// <summary>Stops background work and disposes the workspace's services (unloading its models).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var service in _started.Reverse())
        {
            await service.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await _services.DisposeAsync().ConfigureAwait(false);
    }
}
