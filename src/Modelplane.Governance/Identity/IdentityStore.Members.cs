using Dapper;
using Modelplane.Governance.Access;
using Modelplane.Registry.Storage;

namespace Modelplane.Governance.Identity;

// Members: a principal's role in a workspace. A principal is created with its first membership.
public sealed partial class IdentityStore
{
    /// <summary>Adds <paramref name="principal"/> (created if new) to <paramref name="workspace"/> with <paramref name="role"/>.</summary>
    /// <exception cref="ResourceConflictException">It is a member already, or exists with another kind.</exception>
    public async Task<Member> AddMemberAsync(string workspace, string principal, PrincipalKind kind, Role role, string by, CancellationToken ct)
    {
        Validate(PrincipalName.Problem(principal));
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var existingKind = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT kind FROM principals WHERE name = @principal", new { principal }, transaction, cancellationToken: ct)).ConfigureAwait(false);
        if (existingKind is null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO principals (name, kind, created_at) VALUES (@principal, @kind, @at)",
                new { principal, kind = PrincipalName.Kind(kind), at = now.ToUnixTimeMilliseconds() }, transaction, cancellationToken: ct)).ConfigureAwait(false);
        }
        else if (existingKind != PrincipalName.Kind(kind))
        {
            throw new ResourceConflictException($"'{principal}' exists as a {existingKind.Replace('_', ' ')}; pick another name.");
        }

        var added = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO members (workspace, principal, role, added_at, added_by)
            SELECT @workspace, @principal, @role, @at, @by
            WHERE NOT EXISTS (SELECT 1 FROM members WHERE workspace = @workspace AND principal = @principal)
            """,
            new { workspace, principal, role = RolePermissions.Name(role), at = now.ToUnixTimeMilliseconds(), by }, transaction, cancellationToken: ct)).ConfigureAwait(false);
        if (added == 0)
        {
            throw new ResourceConflictException($"'{principal}' is already a member of workspace '{workspace}'; change the role with PUT .../members/{principal}.");
        }

        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return new Member(workspace, principal, kind, role, now, by);
    }

    /// <summary>Whether <paramref name="principal"/> is a user or a service account; null when there is no such principal.</summary>
    public async Task<PrincipalKind?> FindPrincipalKindAsync(string principal, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var kind = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT kind FROM principals WHERE name = @principal", new { principal }, cancellationToken: ct)).ConfigureAwait(false);
        return PrincipalName.TryParseKind(kind, out var parsed) ? parsed : null;
    }

    /// <summary>Changes a member's role; tokens that the new role no longer covers are revoked.</summary>
    /// <exception cref="ResourceNotFoundException">Not a member.</exception>
    public async Task<Member> SetMemberRoleAsync(string workspace, string principal, Role role, string by, CancellationToken ct)
    {
        Validate(PrincipalName.Problem(principal));
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE members SET role = @role WHERE workspace = @workspace AND principal = @principal",
            new { workspace, principal, role = RolePermissions.Name(role) }, transaction, cancellationToken: ct)).ConfigureAwait(false);
        if (updated == 0)
        {
            throw new ResourceNotFoundException($"'{principal}' is not a member of workspace '{workspace}'.");
        }

        var uncovered = Enum.GetValues<Role>().Where(r => !Covers(role, r)).Select(RolePermissions.Name).ToArray();
        await RevokeTokensAsync(connection, transaction, workspace, principal, uncovered, by, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return (await ListMembersAsync(workspace, ct).ConfigureAwait(false)).Single(m => m.Principal == principal);
    }

    /// <summary>Removes a member and revokes their tokens in the workspace, in one transaction.</summary>
    /// <exception cref="ResourceNotFoundException">Not a member.</exception>
    public async Task RemoveMemberAsync(string workspace, string principal, string by, CancellationToken ct)
    {
        Validate(PrincipalName.Problem(principal));
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM members WHERE workspace = @workspace AND principal = @principal", new { workspace, principal }, transaction, cancellationToken: ct))
            .ConfigureAwait(false);
        if (deleted == 0)
        {
            throw new ResourceNotFoundException($"'{principal}' is not a member of workspace '{workspace}'.");
        }

        await RevokeTokensAsync(connection, transaction, workspace, principal, [.. Enum.GetValues<Role>().Select(RolePermissions.Name)], by, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The members of a workspace, by name.</summary>
    public async Task<IReadOnlyList<Member>> ListMembersAsync(string workspace, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<MemberRow>(new CommandDefinition(
            """
            SELECT m.workspace AS Workspace, m.principal AS Principal, p.kind AS Kind, m.role AS Role, m.added_at AS AddedAt, m.added_by AS AddedBy
            FROM members m JOIN principals p ON p.name = m.principal
            WHERE m.workspace = @workspace ORDER BY m.principal
            """,
            new { workspace }, cancellationToken: ct)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToMember())];
    }

    /// <summary>True when a member holding <paramref name="held"/> may hand out a token with <paramref name="wanted"/>.</summary>
    public static bool Covers(Role held, Role wanted)
    {
        var heldPermissions = RolePermissions.Of(held, "");
        var wantedPermissions = RolePermissions.Of(wanted, "");
        return (heldPermissions & wantedPermissions) == wantedPermissions;
    }

    private sealed record MemberRow(string Workspace, string Principal, string Kind, string Role, long AddedAt, string AddedBy)
    {
        public Member ToMember() => new(
            Workspace, Principal, PrincipalName.TryParseKind(Kind, out var kind) ? kind : PrincipalKind.User, ParseRole(Role), Time(AddedAt), AddedBy);
    }
}
