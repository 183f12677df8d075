using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Modelplane.Registry.Endpoints;

namespace Modelplane.Registry.Storage.Sqlite;

// The two writes that decide where an endpoint's requests go. Rollouts make them inside their own transactions
// (SqliteRolloutStore), so that the endpoint's traffic and a rollout's state never disagree, and both paths write
// the traffic tables the same way.
internal sealed partial class SqliteEndpointStore
{
    private const string SetTargetSql = $"""
        UPDATE endpoints SET model = @model, version = @version, sticky_header = NULL, updated_at = @now WHERE name = @name
        RETURNING {EndpointRow.Columns}
        """;

    /// <summary>Replaces the endpoint's split with <paramref name="weights"/> (already validated); the caller updates the endpoint row.</summary>
    /// <exception cref="ResourceNotFoundException">One of the versions does not exist or is deleted.</exception>
    internal static async Task ReplaceSplitAsync(
        SqliteConnection connection, DbTransaction transaction, string name, IReadOnlyList<TrafficWeight> weights, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM endpoint_traffic WHERE endpoint = @name", new { name }, transaction, cancellationToken: ct));
        foreach (var weight in weights)
        {
            // Deleted versions count as missing: a split must not send requests to a version that no longer serves.
            var inserted = await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO endpoint_traffic (endpoint, model, version, weight)
                SELECT @name, @Model, @Version, @Weight
                WHERE EXISTS (SELECT 1 FROM model_versions WHERE model = @Model AND version = @Version AND deleted_at IS NULL)
                """,
                new { name, weight.Model, weight.Version, weight.Weight },
                transaction,
                cancellationToken: ct));
            if (inserted == 0)
            {
                throw new ResourceNotFoundException($"Model '{weight.Model}' has no version {weight.Version}.");
            }
        }
    }

    /// <summary>Points the endpoint at one version and ends any split (that version takes every request); null when the endpoint does not exist.</summary>
    /// <exception cref="SqliteException">The version does not exist or is deleted (<see cref="SqliteErrors.IsMissingReference"/>).</exception>
    internal static async Task<EndpointRow?> WriteTargetAsync(
        SqliteConnection connection, DbTransaction transaction, string name, string model, int version, long now, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM endpoint_traffic WHERE endpoint = @name", new { name }, transaction, cancellationToken: ct));
        return await connection.QuerySingleOrDefaultAsync<EndpointRow>(
            new CommandDefinition(SetTargetSql, new { name, model, version, now }, transaction, cancellationToken: ct));
    }
}
