using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Modelplane.Registry.Monitoring;

namespace Modelplane.Registry.Storage.Sqlite.Monitoring;

/// <summary>Reference profiles in <c>model_version_profiles</c>, one row per version.</summary>
internal sealed class SqliteReferenceProfileStore(SqliteConnectionFactory connections) : IReferenceProfileStore
{
    public async Task SaveAsync(ReferenceProfile profile, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(profile);
        await using var connection = await connections.OpenAsync(ct);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO model_version_profiles (model, version, data_digest, data_format, label_column, rows, profile, created_at)
                VALUES (@Model, @Version, @DataDigest, @DataFormat, @LabelColumn, @Rows, @Json, @CreatedAt)
                ON CONFLICT (model, version) DO UPDATE SET
                    data_digest = excluded.data_digest, data_format = excluded.data_format, label_column = excluded.label_column,
                    rows = excluded.rows, profile = excluded.profile, created_at = excluded.created_at
                """,
                new
                {
                    profile.Model,
                    profile.Version,
                    profile.DataDigest,
                    profile.DataFormat,
                    profile.LabelColumn,
                    profile.Profile.Rows,
                    Json = JsonSerializer.Serialize(profile, MonitoringJsonContext.Default.ReferenceProfile),
                    CreatedAt = profile.CreatedAt.ToUnixTimeMilliseconds(),
                },
                cancellationToken: ct));
        }
        catch (SqliteException e) when (SqliteErrors.IsMissingReference(e))
        {
            throw VersionQueries.NotFound(profile.Model, profile.Version);
        }
    }

    public async Task<ReferenceProfile?> GetAsync(string model, int version, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var json = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            """
            SELECT p.profile FROM model_version_profiles p JOIN model_versions v ON v.model = p.model AND v.version = p.version
            WHERE p.model = @model AND p.version = @version AND v.deleted_at IS NULL
            """,
            new { model, version },
            cancellationToken: ct));

        // The row's keys win over the JSON's: a rename moves the row without rewriting the document.
        return json is null
            ? null
            : JsonSerializer.Deserialize(json, MonitoringJsonContext.Default.ReferenceProfile)! with { Model = model, Version = version };
    }
}
