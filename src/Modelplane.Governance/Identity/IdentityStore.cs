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
    /// <exception cref="ResourceConflictException">It exists, or existed: its audit history is kept, so its name is never reused.</exception>
    public async Task<Workspace> CreateWorkspaceAsync(string name, string? description, string by, CancellationToken ct)
    {
        Validate(Workspaces.WorkspaceName.Problem(name));
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        // A new workspace must not inherit the audit records of a deleted one with the same name.
        var used = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM audit_records WHERE workspace = @name)", new { name }, transaction, cancellationToken: ct)).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO workspaces (name, description, created_at, created_by) VALUES (@name, @description, @at, @by)",
                new { name, description, at = now.ToUnixTimeMilliseconds(), by },
                transaction,
                cancellationToken: ct)).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
        {
            throw new ResourceConflictException($"Workspace '{name}' already exists.");
        }

        if (used != 0)
        {
            throw new ResourceConflictException($"Workspace name '{name}' was used by a deleted workspace whose audit history is kept; pick another name.");
        }

        await transaction.CommitAsync(ct).ConfigureAwait(false);
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

    /// <summary>
    /// Deletes a workspace with its members, tokens, secrets, signing keys and policy (its registry data is removed by
    /// the caller). Its audit records stay: they are append-only.
    /// </summary>
    /// <exception cref="ResourceNotFoundException">It does not exist.</exception>
    public async Task DeleteWorkspaceAsync(string name, CancellationToken ct)
    {
        if (name == Workspaces.WorkspaceName.Default)
        {
            throw new ResourceConflictException("The default workspace cannot be deleted.");
        }

        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM workspaces WHERE name = @name", new { name }, transaction, cancellationToken: ct)).ConfigureAwait(false);
        if (deleted == 0)
        {
            throw new ResourceNotFoundException($"Workspace '{name}' not found.");
        }

        // Keyed by the workspace's name without a foreign key (see migrations 0003 and 0004).
        await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM secrets WHERE workspace = @name;
            DELETE FROM signing_keys WHERE workspace = @name;
            DELETE FROM policies WHERE workspace = @name;
            """,
            new { name },
            transaction,
            cancellationToken: ct)).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
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
