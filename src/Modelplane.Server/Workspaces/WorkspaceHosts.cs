using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using Modelplane.Governance.Identity;
using Modelplane.Governance.Workspaces;
using Modelplane.Registry;

namespace Modelplane.Server.Workspaces;

/// <summary>
/// The workspaces this node serves besides the default one (which lives in the application's own container):
/// opened at start from the control database, created and deleted through the API. Each has its own
/// <see cref="WorkspaceHost"/>; the access middleware hands a request the host of its caller's workspace.
/// </summary>
internal sealed partial class WorkspaceHosts(
    IServiceProvider application,
    ApplicationServiceDescriptors descriptors,
    IdentityStore identities,
    TokenAuthenticator tokens,
    IOptions<RegistryOptions> registry,
    ILogger<WorkspaceHosts> logger) : IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, WorkspaceHost> _hosts = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _changes = new(1, 1);

    /// <summary>The folder of a workspace's registry database and blobs.</summary>
    public string DirectoryOf(string workspace) =>
        Path.Combine(Path.GetFullPath(registry.Value.DataDirectory), "workspaces", workspace);

    /// <summary>The open host of <paramref name="workspace"/>; false for the default workspace and for unknown names.</summary>
    public bool TryGet(string workspace, [NotNullWhen(true)] out WorkspaceHost? host) => _hosts.TryGetValue(workspace, out host);

    /// <summary>The workspaces other than the default one (which lives in the application's container).</summary>
    public IEnumerable<WorkspaceHost> Hosts => _hosts.Values;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        WorkspaceIsolation.EnsureNothingSharedCapturesAWorkspace(descriptors.Services);
        foreach (var workspace in await identities.ListWorkspacesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (workspace.Name != WorkspaceName.Default)
            {
                await OpenAsync(workspace.Name, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Creates a workspace and opens it, so it serves from the next request on.</summary>
    public async Task<Workspace> CreateAsync(string name, string? description, string by, CancellationToken ct)
    {
        await _changes.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var created = await identities.CreateWorkspaceAsync(name, description, by, ct).ConfigureAwait(false);
            try
            {
                // A folder left by a deleted workspace of the same name would otherwise come back to life.
                DeleteFolder(name);
                await OpenAsync(name, ct).ConfigureAwait(false);
            }
            catch
            {
                // A workspace that cannot serve is not created: nobody could use it, and every start would retry it.
                await identities.DeleteWorkspaceAsync(name, CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            return created;
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>
    /// Deletes a workspace: its members and tokens (which stop working at once on this node), secrets, keys and policy,
    /// then its models, endpoints and data folder. Its audit records stay.
    /// </summary>
    public async Task DeleteAsync(string name, CancellationToken ct)
    {
        await _changes.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await identities.DeleteWorkspaceAsync(name, ct).ConfigureAwait(false);
            tokens.Forget();
            if (_hosts.TryRemove(name, out var host))
            {
                await host.DisposeAsync().ConfigureAwait(false);
            }

            DeleteFolder(name);
        }
        finally
        {
            _changes.Release();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        foreach (var name in _hosts.Keys)
        {
            if (_hosts.TryRemove(name, out var host))
            {
                await host.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task OpenAsync(string name, CancellationToken ct)
    {
        var host = WorkspaceHost.Create(name, DirectoryOf(name), application);
        try
        {
            await host.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _hosts[name] = host;
        LogOpened(logger, name, host.DataDirectory);
    }

    private void DeleteFolder(string name)
    {
        // The name was validated (a-z, 0-9, '-'), so this path cannot leave <data-dir>/workspaces.
        var folder = DirectoryOf(name);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workspace {Workspace} is serving from {Folder}")]
    private static partial void LogOpened(ILogger logger, string workspace, string folder);
}

/// <summary>The application's service registrations, kept so <see cref="WorkspaceIsolation"/> can check them at start.</summary>
internal sealed record ApplicationServiceDescriptors(IServiceCollection Services);
