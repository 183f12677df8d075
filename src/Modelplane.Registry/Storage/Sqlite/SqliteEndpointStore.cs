using Dapper;
using Microsoft.Data.Sqlite;
using Modelplane.Registry.Endpoints;
using Modelplane.Registry.Models;

namespace Modelplane.Registry.Storage.Sqlite;

/// <summary>Endpoints in SQLite; the foreign key to model_versions guarantees an endpoint never serves a missing version.</summary>
internal sealed partial class SqliteEndpointStore(SqliteConnectionFactory connections, TimeProvider time) : IEndpointStore
{
    private const string InsertSql = $"""
        INSERT INTO endpoints (name, model, version, created_at, updated_at, state) VALUES (@name, @model, @version, @now, @now, @state)
        RETURNING {EndpointRow.Columns}
        """;

    public async Task<Endpoint> CreateAsync(string name, string model, int version, EndpointState state, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await connections.OpenAsync(ct);
        try
        {
            var row = await connection.QuerySingleAsync<EndpointRow>(
                new CommandDefinition(InsertSql, new { name, model, version, now, state = EndpointStates.Name(state) }, cancellationToken: ct));
            return row.ToEndpoint();
        }
        catch (SqliteException e) when (SqliteErrors.IsDuplicateKey(e))
        {
            throw new ResourceConflictException($"Endpoint '{name}' already exists.");
        }
        catch (SqliteException e) when (SqliteErrors.IsMissingReference(e))
        {
            throw new ResourceNotFoundException($"Model '{model}' has no version {version}.");
        }
    }

    public async Task<Endpoint?> GetAsync(string name, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        return await GetAsync(connection, null, name, ct);
    }

    public async Task<IReadOnlyList<Endpoint>> ListAsync(CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<EndpointRow>(new CommandDefinition(
            $"SELECT {EndpointRow.Columns} FROM endpoints ORDER BY name", cancellationToken: ct));
        var traffic = (await connection.QueryAsync<TrafficRow>(new CommandDefinition(TrafficSql, cancellationToken: ct)))
            .ToLookup(t => t.Endpoint, StringComparer.Ordinal);
        var policies = await PoliciesAsync(connection, null, null, ct);
        var logging = await LoggingAsync(connection, null, null, ct);
        return [.. rows.Select(r => r.ToEndpoint() with
        {
            Traffic = [.. traffic[r.Name].Select(t => t.ToWeight())],
            Policies = ToPolicies(policies[r.Name]),
            Logging = logging.GetValueOrDefault(r.Name),
        })];
    }

    public async Task<Endpoint> SetTrafficAsync(string name, IReadOnlyList<TrafficWeight> weights, string? stickyHeader, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (((weights.Count == 0 ? null : TrafficRules.Problem(weights)) ?? TrafficRules.HeaderProblem(stickyHeader)) is { } problem)
        {
            throw new RegistryValidationException(problem);
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE endpoints SET sticky_header = @stickyHeader, updated_at = @now WHERE name = @name",
            new { name, stickyHeader = weights.Count == 0 ? null : stickyHeader, now }, transaction, cancellationToken: ct));
        if (updated == 0)
        {
            throw new ResourceNotFoundException($"Endpoint '{name}' not found.");
        }

        await ReplaceSplitAsync(connection, transaction, name, weights, ct);
        var endpoint = await GetAsync(connection, transaction, name, ct);
        await transaction.CommitAsync(ct);
        return endpoint!;
    }

    public async Task<Endpoint> SetRateLimitsAsync(string name, int? perSecond, int? perCallerPerSecond, CancellationToken ct)
    {
        if (perSecond <= 0 || perCallerPerSecond <= 0)
        {
            throw new RegistryValidationException("Rate limits are whole requests per second above 0 (or none).");
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE endpoints SET rate_limit = @perSecond, caller_rate_limit = @perCallerPerSecond, updated_at = @now WHERE name = @name",
            new { name, perSecond, perCallerPerSecond, now }, transaction, cancellationToken: ct));
        if (updated == 0)
        {
            throw new ResourceNotFoundException($"Endpoint '{name}' not found.");
        }

        var endpoint = await GetAsync(connection, transaction, name, ct);
        await transaction.CommitAsync(ct);
        return endpoint!;
    }

    private const string TrafficSql =
        "SELECT endpoint AS Endpoint, model AS Model, version AS Version, weight AS Weight FROM endpoint_traffic ORDER BY endpoint, weight DESC, model, version";

    private static async Task<Endpoint?> GetAsync(SqliteConnection connection, System.Data.Common.DbTransaction? transaction, string name, CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync<EndpointRow>(new CommandDefinition(
            $"SELECT {EndpointRow.Columns} FROM endpoints WHERE name = @name", new { name }, transaction, cancellationToken: ct));
        if (row is null)
        {
            return null;
        }

        var traffic = await connection.QueryAsync<TrafficRow>(new CommandDefinition(
            "SELECT endpoint AS Endpoint, model AS Model, version AS Version, weight AS Weight FROM endpoint_traffic WHERE endpoint = @name ORDER BY weight DESC, model, version",
            new { name }, transaction, cancellationToken: ct));
        var policies = await PoliciesAsync(connection, transaction, name, ct);
        var logging = await LoggingAsync(connection, transaction, name, ct);
        return row.ToEndpoint() with
        {
            Traffic = [.. traffic.Select(t => t.ToWeight())],
            Policies = ToPolicies(policies[name]),
            Logging = logging.GetValueOrDefault(name),
        };
    }

    private sealed class TrafficRow
    {
        public string Endpoint { get; set; } = "";

        public string Model { get; set; } = "";

        public long Version { get; set; }

        public long Weight { get; set; }

        public TrafficWeight ToWeight() => new(Model, checked((int)Version), checked((int)Weight));
    }

    public async Task<Endpoint> SetTargetAsync(string name, string model, int version, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        try
        {
            _ = await WriteTargetAsync(connection, transaction, name, model, version, now, ct)
                ?? throw new ResourceNotFoundException($"Endpoint '{name}' does not exist.");
            var endpoint = await GetAsync(connection, transaction, name, ct);
            await transaction.CommitAsync(ct);
            return endpoint!;
        }
        catch (SqliteException e) when (SqliteErrors.IsMissingReference(e))
        {
            throw new ResourceNotFoundException($"Model '{model}' has no version {version}.");
        }
    }

    public async Task<Endpoint> SetAccessAsync(string name, EndpointState? state, bool? anonymousPredictions, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var current = await connection.QuerySingleOrDefaultAsync<EndpointRow>(new CommandDefinition(
            $"SELECT {EndpointRow.Columns} FROM endpoints WHERE name = @name", new { name }, transaction, cancellationToken: ct))
            ?? throw new ResourceNotFoundException($"Endpoint '{name}' not found.");
        var endpoint = current.ToEndpoint();
        var newState = state ?? endpoint.State;
        var open = anonymousPredictions ?? endpoint.AnonymousPredictions;
        if (open && newState == EndpointState.Sandbox)
        {
            throw new ResourceConflictException(
                $"Endpoint '{name}' is in the sandbox; only a live endpoint may be opened to callers without a token. A deployer makes it live first.");
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE endpoints SET state = @state, anonymous_predictions = @open, updated_at = @now WHERE name = @name",
            new { name, state = EndpointStates.Name(newState), open = open ? 1 : 0, now },
            transaction,
            cancellationToken: ct));
        var updated = await GetAsync(connection, transaction, name, ct);
        await transaction.CommitAsync(ct);
        return updated!;
    }
}
