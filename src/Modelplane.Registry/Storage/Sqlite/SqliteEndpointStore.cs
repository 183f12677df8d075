using Dapper;
using Microsoft.Data.Sqlite;
using Modelplane.Registry.Endpoints;

namespace Modelplane.Registry.Storage.Sqlite;

/// <summary>Endpoints in SQLite; the foreign key to model_versions guarantees an endpoint never serves a missing version.</summary>
internal sealed class SqliteEndpointStore(SqliteConnectionFactory connections, TimeProvider time) : IEndpointStore
{
    private const string InsertSql = $"""
        INSERT INTO endpoints (name, model, version, created_at, updated_at, state) VALUES (@name, @model, @version, @now, @now, @state)
        RETURNING {EndpointRow.Columns}
        """;

    private const string SetTargetSql = $"""
        UPDATE endpoints SET model = @model, version = @version, updated_at = @now WHERE name = @name
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
        var row = await connection.QuerySingleOrDefaultAsync<EndpointRow>(new CommandDefinition(
            $"SELECT {EndpointRow.Columns} FROM endpoints WHERE name = @name", new { name }, cancellationToken: ct));
        return row?.ToEndpoint();
    }

    public async Task<IReadOnlyList<Endpoint>> ListAsync(CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<EndpointRow>(new CommandDefinition(
            $"SELECT {EndpointRow.Columns} FROM endpoints ORDER BY name", cancellationToken: ct));
        return [.. rows.Select(r => r.ToEndpoint())];
    }

    public async Task<Endpoint> SetTargetAsync(string name, string model, int version, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await connections.OpenAsync(ct);
        try
        {
            var row = await connection.QuerySingleOrDefaultAsync<EndpointRow>(
                new CommandDefinition(SetTargetSql, new { name, model, version, now }, cancellationToken: ct));
            return row?.ToEndpoint() ?? throw new ResourceNotFoundException($"Endpoint '{name}' does not exist.");
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

        var row = await connection.QuerySingleAsync<EndpointRow>(new CommandDefinition(
            $"""
            UPDATE endpoints SET state = @state, anonymous_predictions = @open, updated_at = @now WHERE name = @name
            RETURNING {EndpointRow.Columns}
            """,
            new { name, state = EndpointStates.Name(newState), open = open ? 1 : 0, now },
            transaction,
            cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return row.ToEndpoint();
    }
}
