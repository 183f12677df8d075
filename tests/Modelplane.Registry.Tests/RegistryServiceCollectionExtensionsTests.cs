using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Modelplane.Registry.Artifacts;
using Modelplane.Registry.Endpoints;
using Modelplane.Registry.Models;
using Modelplane.Registry.Onnx;
using Modelplane.Registry.Storage;
using Modelplane.Registry.Tests.Models;
using Modelplane.Registry.Tracking.Artifacts;
using Modelplane.Testing.FileSystem;

namespace Modelplane.Registry.Tests;

public sealed class RegistryServiceCollectionExtensionsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void AddModelplaneRegistry_Registration_DoesNotRegisterAnInspector()
    {
        var services = new ServiceCollection().AddModelplaneRegistry();

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IModelInspector));
    }

    [Fact]
    public void AddModelplaneRegistry_Resolve_SharesOneMetadataStore()
    {
        using var provider = BuildProvider();

        var metadata = provider.GetRequiredService<IMetadataStore>();

        Assert.Same(metadata.Models, provider.GetRequiredService<IModelStore>());
        Assert.Same(metadata.Endpoints, provider.GetRequiredService<IEndpointStore>());
        Assert.NotNull(provider.GetRequiredService<IArtifactStore>());
    }

    [Fact]
    public async Task AddModelplaneRegistry_RunArtifactStore_WritesUnderDataDirectory()
    {
        using var provider = BuildProvider();

        await provider.GetRequiredService<IRunArtifactStore>().WriteAsync("1/r/artifacts/f", new MemoryStream([5]), TestContext.Current.CancellationToken);

        Assert.Equal([5], await File.ReadAllBytesAsync(Path.Combine(_dir.Path, "mlflow-artifacts", "1", "r", "artifacts", "f"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AddModelplaneRegistry_HostStart_MigratesCleansTmpAndPublishes()
    {
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(Path.Combine(_dir.Path, "tmp"));
        await File.WriteAllTextAsync(Path.Combine(_dir.Path, "tmp", "stale.partial"), "x", ct);
        using var provider = BuildProvider();

        foreach (var service in provider.GetServices<IHostedService>())
        {
            await service.StartAsync(ct);
        }

        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.Path, "tmp")));
        var version = await provider.GetRequiredService<ModelPublisher>()
            .PushAsync("churn", new MemoryStream([1, 2, 3]), PushMetadata.Empty, ct);
        Assert.Equal(1, version.Version);
    }

    private ServiceProvider BuildProvider()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Modelplane:DataDirectory"] = _dir.Path })
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSingleton<IModelInspector, StubModelInspector>()
            .AddModelplaneRegistry();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
