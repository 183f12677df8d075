using Microsoft.Extensions.Hosting;
using Modelplane.Governance.Access;
using Modelplane.Governance.Storage;
using Modelplane.Governance.Workspaces;

namespace Modelplane.Governance.Identity;

/// <summary>
/// The embedded default needs no set-up: on the very first start (no <c>default</c> workspace yet) this creates it,
/// an <c>admin</c> user who administers it, and that user's token, written to <c>&lt;data-dir&gt;/admin-token</c>
/// (mode 0600) and printed once. Later starts change nothing, even when the file was deleted.
/// </summary>
internal sealed class IdentityBootstrap(ControlDatabase database, IdentityStore identities, TextWriter? console = null) : IHostedService
{
    /// <summary>The file the first admin token is written to, in the data directory.</summary>
    public const string TokenFileName = "admin-token";

    /// <summary>The user the first start creates.</summary>
    public const string AdminName = "admin";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await identities.WorkspaceExistsAsync(WorkspaceName.Default, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await identities.CreateWorkspaceAsync(WorkspaceName.Default, "Created on first start.", "system", cancellationToken).ConfigureAwait(false);
        await identities.AddMemberAsync(WorkspaceName.Default, AdminName, PrincipalKind.User, Role.Admin, "system", cancellationToken).ConfigureAwait(false);
        var (_, token) = await identities.CreateTokenAsync(
            WorkspaceName.Default, AdminName, Role.Admin, "Created on first start.", expiresAt: null, "system", cancellationToken).ConfigureAwait(false);
        var path = Path.Combine(database.DataDirectory, TokenFileName);
        await WriteSecretFileAsync(path, token, cancellationToken).ConfigureAwait(false);

        // Printed, not logged: log pipelines keep and ship what they get, and this is the only time it is shown. Output
        // that is not a terminal (a service, a container) is such a pipeline, and carries JSON log lines: there only
        // the file is named, on stderr.
        if (console is null && Console.IsOutputRedirected)
        {
            await Console.Error.WriteLineAsync($"Created workspace 'default' and its admin token, saved to {path} (mode 0600).").ConfigureAwait(false);
            return;
        }

        (console ?? Console.Out).WriteLine($"Created workspace 'default' and its admin token (saved to {path}, mode 0600; shown only now):\n  {token}");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Writes <paramref name="content"/> to a new file readable only by its owner, durably, replacing nothing half-written.</summary>
    internal static async Task WriteSecretFileAsync(string path, string content, CancellationToken ct)
    {
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows())
        {
            // Created with 0600, so the secret is never readable by others, not even for a moment.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(temp, options))
        {
            await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(content + "\n"), ct).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }
}
