using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Modelplane.Registry.Models;

namespace Modelplane.Registry.Storage.Sqlite;

/// <summary>Reads of one whole version that several stores share.</summary>
internal static class VersionQueries
{
    public static async Task<ModelVersion?> GetAsync(
        SqliteConnection connection, string model, long version, DbTransaction? transaction, CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync<VersionRow>(new CommandDefinition(
            $"{VersionRow.Select} WHERE v.model = @model AND v.version = @version AND v.deleted_at IS NULL",
            new { model, version },
            transaction,
            cancellationToken: ct));
        return row?.ToModelVersion();
    }

    public static async Task<ModelVersion> GetExistingAsync(
        SqliteConnection connection, string model, long version, DbTransaction? transaction, CancellationToken ct) =>
        await GetAsync(connection, model, version, transaction, ct)
        ?? throw NotFound(model, version);

    public static ResourceNotFoundException NotFound(string model, long version) =>
        new($"Model '{model}' has no version {version}.");
}
