using System.Text.Json;
using Dapper;
using Modelplane.Registry.Models.Lifecycle;

namespace Modelplane.Registry.Storage.Sqlite.Lifecycle;

// Reads that see deleted rows: the listing of deleted items and the blob collector's reference check.
internal sealed partial class SqliteModelLifecycleStore
{
    // SQLite allows 32,766 variables per statement; a few hundred keeps each IN list well inside it.
    private const int DigestChunk = 500;

    public async Task<DeletedItems> ListDeletedAsync(string? model, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var models = await connection.QueryAsync<DeletedModelRow>(new CommandDefinition(
            """
            SELECT m.name AS Name, m.deleted_at AS DeletedAt, m.deleted_by AS DeletedBy, m.delete_reason AS Reason,
                   (SELECT json_group_array(v.version) FROM (SELECT version FROM model_versions WHERE model = m.name ORDER BY version) v) AS VersionsJson
            FROM models m WHERE m.deleted_at IS NOT NULL AND (@model IS NULL OR m.name = @model) ORDER BY m.name
            """,
            new { model },
            cancellationToken: ct));
        var where = "WHERE v.deleted_at IS NOT NULL AND (@model IS NULL OR v.model = @model)";
        var versions = (await connection.QueryAsync<VersionRow>(new CommandDefinition(
            $"{VersionRow.Select} {where} ORDER BY v.model, v.version", new { model }, cancellationToken: ct))).ToList();
        var deletions = (await connection.QueryAsync<DeletionRow>(new CommandDefinition(
            $"SELECT v.model AS Model, v.version AS Version, v.deleted_at AS DeletedAt, v.deleted_by AS DeletedBy, v.delete_reason AS Reason, v.deleted_with_model AS WithModel FROM model_versions v {where}",
            new { model },
            cancellationToken: ct))).ToDictionary(d => (d.Model, d.Version));

        return new DeletedItems(
            [.. models.Select(m => new DeletedModel(
                m.Name,
                new DeletionInfo(DateTimeOffset.FromUnixTimeMilliseconds(m.DeletedAt), m.DeletedBy, m.Reason),
                JsonSerializer.Deserialize(m.VersionsJson, StorageJsonContext.Default.IReadOnlyListInt32)!))],
            [.. versions.Select(row =>
            {
                var deletion = deletions[(row.Model, row.Version)];
                return new DeletedVersion(
                    row.ToModelVersion(),
                    new DeletionInfo(DateTimeOffset.FromUnixTimeMilliseconds(deletion.DeletedAt), deletion.DeletedBy, deletion.Reason),
                    deletion.WithModel != 0);
            })]);
    }

    public async Task<IReadOnlySet<string>> FindReferencedDigestsAsync(IReadOnlyCollection<string> digests, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(digests);
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        await using var connection = await connections.OpenAsync(ct);
        foreach (var chunk in digests.Distinct(StringComparer.Ordinal).Chunk(DigestChunk))
        {
            referenced.UnionWith(await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT DISTINCT digest FROM model_versions WHERE digest IN @chunk", new { chunk }, cancellationToken: ct)));
        }

        return referenced;
    }

    private sealed class DeletedModelRow
    {
        public string Name { get; set; } = "";

        public long DeletedAt { get; set; }

        public string? DeletedBy { get; set; }

        public string? Reason { get; set; }

        public string VersionsJson { get; set; } = "[]";
    }

    private sealed class DeletionRow
    {
        public string Model { get; set; } = "";

        public long Version { get; set; }

        public long DeletedAt { get; set; }

        public string? DeletedBy { get; set; }

        public string? Reason { get; set; }

        public long WithModel { get; set; }
    }
}
