using System.Data.Common;
using Dapper;
using Modelplane.Governance.Access;
using Modelplane.Registry.Storage;

namespace Modelplane.Governance.Identity;

// API tokens: created for a member with a role their membership covers, listed without secrets, revoked, rotated.
public sealed partial class IdentityStore
{
    private const string TokenColumns = """
        id AS Id, workspace AS Workspace, principal AS Principal, role AS Role, description AS Description,
        created_at AS CreatedAt, created_by AS CreatedBy, expires_at AS ExpiresAt, revoked_at AS RevokedAt, revoked_by AS RevokedBy
        """;

    /// <summary>Creates a token; the returned secret is shown once and never again.</summary>
    /// <exception cref="ResourceNotFoundException"><paramref name="principal"/> is not a member of <paramref name="workspace"/>.</exception>
    /// <exception cref="ResourceConflictException">The member's role does not cover <paramref name="role"/>.</exception>
    public async Task<(ApiTokenInfo Info, string Token)> CreateTokenAsync(
        string workspace, string principal, Role? role, string? description, DateTimeOffset? expiresAt, string by, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (expiresAt is { } expiry && expiry <= now)
        {
            throw new Registry.Models.RegistryValidationException($"The expiry {expiry:O} is in the past.");
        }

        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var memberRole = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT role FROM members WHERE workspace = @workspace AND principal = @principal", new { workspace, principal }, transaction, cancellationToken: ct))
            .ConfigureAwait(false) ?? throw new ResourceNotFoundException(
                $"'{principal}' is not a member of workspace '{workspace}'; add them first (modelplane members add {principal} --role ROLE).");
        var held = ParseRole(memberRole);
        var granted = role ?? held;
        if (!Covers(held, granted))
        {
            throw new ResourceConflictException(
                $"'{principal}' is {WithArticle(held)} in '{workspace}' and cannot hold {WithArticle(granted)} token.");
        }

        var (id, token, hash) = ApiTokenSecret.Generate();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO tokens (id, secret_hash, workspace, principal, role, description, created_at, created_by, expires_at)
            VALUES (@id, @hash, @workspace, @principal, @role, @description, @at, @by, @expires)
            """,
            new
            {
                id, hash, workspace, principal, role = RolePermissions.Name(granted), description,
                at = now.ToUnixTimeMilliseconds(), by, expires = expiresAt?.ToUnixTimeMilliseconds(),
            },
            transaction,
            cancellationToken: ct)).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return (new ApiTokenInfo(id, workspace, principal, granted, description, now, by, expiresAt, null, null), token);
    }

    /// <summary>The workspace's tokens (never their secrets), newest first, optionally of one principal.</summary>
    public async Task<IReadOnlyList<ApiTokenInfo>> ListTokensAsync(string workspace, string? principal, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<TokenRow>(new CommandDefinition(
            $"SELECT {TokenColumns} FROM tokens WHERE workspace = @workspace AND (@principal IS NULL OR principal = @principal) ORDER BY created_at DESC, id",
            new { workspace, principal }, cancellationToken: ct)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToInfo())];
    }

    /// <summary>Revokes a token of the workspace; revoking twice is harmless.</summary>
    /// <exception cref="ResourceNotFoundException">No such token in the workspace.</exception>
    public async Task<ApiTokenInfo> RevokeTokenAsync(string workspace, string id, string by, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE tokens SET revoked_at = @at, revoked_by = @by WHERE workspace = @workspace AND id = @id AND revoked_at IS NULL",
            new { workspace, id = StripPrefix(id), by, at = time.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: ct)).ConfigureAwait(false);
        return await GetTokenAsync(connection, workspace, id, ct).ConfigureAwait(false);
    }

    /// <summary>Replaces a token by a new one with the same principal, role, description and lifetime, revoking the old one.</summary>
    /// <exception cref="ResourceNotFoundException">No such token in the workspace.</exception>
    /// <exception cref="ResourceConflictException">The token is revoked already.</exception>
    public async Task<(ApiTokenInfo Info, string Token)> RotateTokenAsync(string workspace, string id, string by, CancellationToken ct)
    {
        ApiTokenInfo old;
        await using (var connection = await database.OpenAsync(ct).ConfigureAwait(false))
        {
            old = await GetTokenAsync(connection, workspace, id, ct).ConfigureAwait(false);
        }

        if (old.RevokedAt is not null)
        {
            throw new ResourceConflictException($"Token {old.Prefix} is revoked; create a new one instead.");
        }

        var lifetime = old.ExpiresAt - old.CreatedAt;
        var created = await CreateTokenAsync(
            workspace, old.Principal, old.Role, old.Description, lifetime is { } l ? time.GetUtcNow() + l : null, by, ct).ConfigureAwait(false);
        await RevokeTokenAsync(workspace, old.Id, by, ct).ConfigureAwait(false);
        return created;
    }

    /// <summary>What the authenticator needs to check a presented token, or null when the id is unknown.</summary>
    public async Task<StoredToken?> FindTokenAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<StoredTokenRow>(new CommandDefinition(
            $"SELECT secret_hash AS SecretHash, {TokenColumns} FROM tokens WHERE id = @id", new { id }, cancellationToken: ct)).ConfigureAwait(false);
        return row is null ? null : new StoredToken(row.SecretHash, row.ToInfo());
    }

    private static async Task<ApiTokenInfo> GetTokenAsync(DbConnection connection, string workspace, string id, CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition(
            $"SELECT {TokenColumns} FROM tokens WHERE workspace = @workspace AND id = @id", new { workspace, id = StripPrefix(id) }, cancellationToken: ct))
            .ConfigureAwait(false);
        return row?.ToInfo() ?? throw new ResourceNotFoundException($"Token '{id}' not found in workspace '{workspace}'.");
    }

    private async Task RevokeTokensAsync(
        DbConnection connection, DbTransaction transaction, string workspace, string principal, string[] roles, string by, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE tokens SET revoked_at = @at, revoked_by = @by
            WHERE workspace = @workspace AND principal = @principal AND revoked_at IS NULL AND role IN @roles
            """,
            new { workspace, principal, roles, by, at = time.GetUtcNow().ToUnixTimeMilliseconds() }, transaction, cancellationToken: ct)).ConfigureAwait(false);

    private static string WithArticle(Role role) => (role is Role.Admin or Role.Approver ? "an " : "a ") + RolePermissions.Name(role);

    // Lists show tokens as mp_<id>; accept either form.
    private static string StripPrefix(string id) => id.StartsWith("mp_", StringComparison.Ordinal) ? id[3..] : id;

    private class TokenRow
    {
        public string Id { get; set; } = "";
        public string Workspace { get; set; } = "";
        public string Principal { get; set; } = "";
        public string Role { get; set; } = "";
        public string? Description { get; set; }
        public long CreatedAt { get; set; }
        public string CreatedBy { get; set; } = "";
        public long? ExpiresAt { get; set; }
        public long? RevokedAt { get; set; }
        public string? RevokedBy { get; set; }

        public ApiTokenInfo ToInfo() =>
            new(Id, Workspace, Principal, ParseRole(Role), Description, Time(CreatedAt), CreatedBy, Time(ExpiresAt), Time(RevokedAt), RevokedBy);
    }

    private sealed class StoredTokenRow : TokenRow
    {
        public byte[] SecretHash { get; set; } = [];
    }
}

/// <summary>A token as stored: the hash of its secret and what it grants.</summary>
public sealed record StoredToken(byte[] SecretHash, ApiTokenInfo Info);
