using Dapper;
using Modelplane.Governance.Storage;

namespace Modelplane.Governance.Policies;

/// <summary>A workspace's stored policy: the text as written, parsed, and who last wrote it when.</summary>
/// <param name="Workspace">The workspace.</param>
/// <param name="Text">The document as written.</param>
/// <param name="Document">The parsed document.</param>
/// <param name="UpdatedAt">When it was written.</param>
/// <param name="UpdatedBy">Who wrote it.</param>
public sealed record StoredPolicy(string Workspace, string Text, PolicyDocument Document, DateTimeOffset UpdatedAt, string UpdatedBy);

/// <summary>Keeps one admission policy per workspace in the control database.</summary>
public sealed class PolicyStore(ControlDatabase database, TimeProvider time)
{
    /// <summary>The workspace's policy, or null when it has none.</summary>
    public async Task<StoredPolicy?> GetAsync(string workspace, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT workspace AS Workspace, document AS Document, updated_at AS UpdatedAt, updated_by AS UpdatedBy FROM policies WHERE workspace = @workspace",
            new { workspace },
            cancellationToken: ct)).ConfigureAwait(false);
        return row is null ? null : ToPolicy(row);
    }

    /// <summary>Parses <paramref name="text"/> and, when valid, stores it as the workspace's policy.</summary>
    /// <exception cref="PolicyDocumentException">The document is invalid; nothing is stored.</exception>
    public async Task<StoredPolicy> SetAsync(string workspace, string text, string by, CancellationToken ct)
    {
        var document = PolicyParser.Parse(text);
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO policies (workspace, document, updated_at, updated_by) VALUES (@workspace, @text, @at, @by)
            ON CONFLICT (workspace) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """,
            new { workspace, text, at = now.ToUnixTimeMilliseconds(), by },
            cancellationToken: ct)).ConfigureAwait(false);
        return new StoredPolicy(workspace, text, document, DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()), by);
    }

    /// <summary>Removes the workspace's policy; false when it had none.</summary>
    public async Task<bool> DeleteAsync(string workspace, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM policies WHERE workspace = @workspace", new { workspace }, cancellationToken: ct)).ConfigureAwait(false) > 0;
    }

    // Stored documents were valid when written; parsing again keeps one source of truth for the rules.
    private static StoredPolicy ToPolicy(Row row) => new(
        row.Workspace, row.Document, PolicyParser.Parse(row.Document), DateTimeOffset.FromUnixTimeMilliseconds(row.UpdatedAt), row.UpdatedBy);

    private sealed class Row
    {
        public string Workspace { get; set; } = "";
        public string Document { get; set; } = "";
        public long UpdatedAt { get; set; }
        public string UpdatedBy { get; set; } = "";
    }
}
