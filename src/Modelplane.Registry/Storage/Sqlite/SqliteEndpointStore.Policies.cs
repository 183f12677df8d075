using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Modelplane.Registry.Endpoints;
using Modelplane.Registry.Models;

namespace Modelplane.Registry.Storage.Sqlite;

// Shadow, cascade and fallback: one row per kind in endpoint_policies, replaced together.
internal sealed partial class SqliteEndpointStore
{
    private const string PoliciesSql =
        "SELECT endpoint AS Endpoint, kind AS Kind, model AS Model, version AS Version, percent AS Percent, threshold AS Threshold FROM endpoint_policies";

    public async Task<Endpoint> SetPoliciesAsync(string name, EndpointPolicies policies, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(policies);
        if (policies.Problem() is { } problem)
        {
            throw new RegistryValidationException(problem);
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await TouchAsync(connection, transaction, name, now, ct);

        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM endpoint_policies WHERE endpoint = @name", new { name }, transaction, cancellationToken: ct));
        foreach (var (kind, model, version) in policies.Versions())
        {
            var inserted = await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO endpoint_policies (endpoint, kind, model, version, percent, threshold)
                SELECT @name, @kind, @model, @version, @percent, @threshold
                WHERE EXISTS (SELECT 1 FROM model_versions WHERE model = @model AND version = @version AND deleted_at IS NULL)
                """,
                new
                {
                    name,
                    kind,
                    model,
                    version,
                    percent = kind == "shadow" ? policies.Shadow!.Percent : (int?)null,
                    threshold = kind == "cascade" ? policies.Cascade!.Threshold : (double?)null,
                },
                transaction,
                cancellationToken: ct));
            if (inserted == 0)
            {
                throw new ResourceNotFoundException($"Model '{model}' has no version {version}.");
            }
        }

        var endpoint = await GetAsync(connection, transaction, name, ct);
        await transaction.CommitAsync(ct);
        return endpoint!;
    }

    /// <summary>Marks the endpoint changed, the first step of every settings write; throws when it does not exist.</summary>
    private static async Task TouchAsync(SqliteConnection connection, DbTransaction transaction, string name, long now, CancellationToken ct)
    {
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE endpoints SET updated_at = @now WHERE name = @name", new { name, now }, transaction, cancellationToken: ct));
        if (updated == 0)
        {
            throw new ResourceNotFoundException($"Endpoint '{name}' not found.");
        }
    }

    private static async Task<ILookup<string, PolicyRow>> PoliciesAsync(SqliteConnection connection, DbTransaction? transaction, string? name, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<PolicyRow>(new CommandDefinition(
            name is null ? PoliciesSql : PoliciesSql + " WHERE endpoint = @name", new { name }, transaction, cancellationToken: ct));
        return rows.ToLookup(r => r.Endpoint, StringComparer.Ordinal);
    }

    private static EndpointPolicies ToPolicies(IEnumerable<PolicyRow> rows)
    {
        var policies = EndpointPolicies.None;
        foreach (var row in rows)
        {
            var version = checked((int)row.Version);
            policies = row.Kind switch
            {
                "shadow" => policies with { Shadow = new ShadowPolicy(row.Model, version, checked((int)(row.Percent ?? 100))) },
                "cascade" => policies with { Cascade = new CascadePolicy(row.Model, version, row.Threshold ?? 1) },
                _ => policies with { Fallback = new FallbackPolicy(row.Model, version) },
            };
        }

        return policies;
    }

    private sealed class PolicyRow
    {
        public string Endpoint { get; set; } = "";

        public string Kind { get; set; } = "";

        public string Model { get; set; } = "";

        public long Version { get; set; }

        public long? Percent { get; set; }

        public double? Threshold { get; set; }
    }
}
