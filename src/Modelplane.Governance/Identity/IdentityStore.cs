using Dapper;
using Microsoft.Data.Sqlite;
using Modelplane.Governance.Access;
using Modelplane.Governance.Storage;
using Modelplane.Registry.Storage;

namespace Modelplane.Governance.Identity;

/// <summary>Workspaces, principals, their memberships and their API tokens, in the control database.</summary>
public sealed partial class IdentityStore(ControlDatabase database, TimeProvider time)
{
    /// <summary>Creates a workspace.</summary>
    /// <exception cref="ResourceConflictException">It exists.</exception>
    public async Task<Workspace> CreateWorkspaceAsync(string name, string? description, string by, CancellationToken ct)
    {
        Validate(Workspaces.WorkspaceName.Problem(name));
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO workspaces (name, description, created_at, created_by) VALUES (@name, @description, @at, @by)",
                new { name, description, at = now.ToUnixTimeMilliseconds(), by },
                cancellationToken: ct)).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
        {
            throw new ResourceConflictException($"Workspace '{name}' already exists.");
        }

        return new Workspace(name, description, now, by);
    }

    /// <summary>Every workspace, by name.</summary>
    public async Task<IReadOnlyList<Workspace>> ListWorkspacesAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<WorkspaceRow>(new CommandDefinition(
            "SELECT name AS Name, description AS Description, created_at AS CreatedAt, created_by AS CreatedBy FROM workspaces ORDER BY name", cancellationToken: ct)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToWorkspace())];
    }

    /// <summary>True when the workspace exists.</summary>
    public async Task<bool> WorkspaceExistsAsync(string name, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM workspaces WHERE name = @name", new { name }, cancellationToken: ct)).ConfigureAwait(false) > 0;
    }

    /// <summary>Deletes a workspace with its members and tokens (its registry data is removed by the caller).</summary>
    /// <exception cref="ResourceNotFoundException">It does not exist.</exception>
    public async Task DeleteWorkspaceAsync(string name, CancellationToken ct)
    {
        if (name == Workspaces.WorkspaceName.Default)
        {
            throw new ResourceConflictException("The default workspace cannot be deleted.");
        }

        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM workspaces WHERE name = @name", new { name }, cancellationToken: ct)).ConfigureAwait(false);
        if (deleted == 0)
        {
            throw new ResourceNotFoundException($"Workspace '{name}' not found.");
        }
    }

    private static void Validate(string? problem)
    {
        if (problem is not null)
        {
            throw new Registry.Models.RegistryValidationException(problem);
        }
    }

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? Time(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;

    private static Role ParseRole(string text) =>
        RolePermissions.TryParse(text, out var role) ? role : throw new InvalidOperationException($"Unknown stored role '{text}'.");

    private sealed record WorkspaceRow(string Name, string? Description, long CreatedAt, string CreatedBy)
    {
        public Workspace ToWorkspace() => new(Name, Description, Time(CreatedAt), CreatedBy);
    }
}
