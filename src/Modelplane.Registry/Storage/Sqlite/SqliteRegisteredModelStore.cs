using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Modelplane.Registry.Models;
using Modelplane.Registry.Storage.Sqlite.Tracking;
using Modelplane.Registry.Tracking;
using Modelplane.Registry.Tracking.Search;

namespace Modelplane.Registry.Storage.Sqlite;

/// <summary>Registered models in SQLite: rows of <c>models</c> with their description and <c>model_tags</c>.</summary>
internal sealed partial class SqliteRegisteredModelStore(SqliteConnectionFactory connections, TimeProvider time) : IRegisteredModelStore
{
    // The owner of a model search is a models row under the column names the side tables use (model, not name).
    private const string Owner = "(SELECT name AS model, description, created_at, updated_at FROM models WHERE deleted_at IS NULL)";

    private static readonly Dictionary<string, SearchColumn> Attributes = new(StringComparer.Ordinal)
    {
        ["name"] = new("model", false),
        ["creation_timestamp"] = new("created_at", true),
        ["timestamp"] = new("created_at", true),
        ["last_updated_timestamp"] = new("updated_at", true),
    };

    public async Task<RegisteredModel> CreateAsync(string name, string? description, IReadOnlyDictionary<string, string> tags, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tags);
        ValidateName(name);
        foreach (var (key, value) in tags)
        {
            VersionMetadataRules.ValidateKey(key, "tag key");
            VersionMetadataRules.ValidateValue(value, "tag value");
        }

        var now = Now();
        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO models (name, last_version, created_at, updated_at, description) VALUES (@name, 0, @now, @now, @description)",
                new { name, now, description },
                transaction,
                cancellationToken: ct));
        }
        catch (SqliteException e) when (SqliteErrors.IsDuplicateKey(e))
        {
            var deleted = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM models WHERE name = @name AND deleted_at IS NOT NULL", new { name }, transaction, cancellationToken: ct));
            throw new ResourceConflictException(deleted > 0
                ? $"Registered Model (name={name}) already exists: it is deleted and keeps its name until purged (modelplane models purge {name}), or restore it (modelplane models restore {name})."
                : $"Registered Model (name={name}) already exists.");
        }

        foreach (var (key, value) in tags)
        {
            await UpsertTagAsync(connection, transaction, name, key, value, ct);
        }

        await transaction.CommitAsync(ct);
        return (await LoadAsync(connection, [name], ct))[0];
    }

    public async Task<RegisteredModel?> GetAsync(string name, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var found = await LoadAsync(connection, [name ?? ""], ct);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<SearchPage<RegisteredModel>> SearchAsync(RegisteredModelSearch search, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(search);
        TrackingValidation.ValidateMaxResults(search.MaxResults);
        var offset = PageTokens.Decode(search.PageToken);
        var translator = new SqliteSearchTranslator("filter", search.Filter ?? "", "model", Attributes, null, null, "model_tags");
        var where = translator.Where(SearchFilter.Parse(search.Filter));
        var orderBy = translator.OrderBy(search.OrderBy, "owner.model ASC");
        translator.Parameters.Add("limit", search.MaxResults + 1);
        translator.Parameters.Add("offset", offset);

        await using var connection = await connections.OpenAsync(ct);
        var names = (await connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT owner.model FROM {Owner} owner WHERE {where} ORDER BY {orderBy} LIMIT @limit OFFSET @offset",
            translator.Parameters,
            cancellationToken: ct))).ToList();
        var models = await LoadAsync(connection, [.. names.Take(search.MaxResults)], ct);
        return new SearchPage<RegisteredModel>(models, names.Count > search.MaxResults ? PageTokens.Encode(offset + search.MaxResults) : null);
    }

    public async Task<RegisteredModel> SetDescriptionAsync(string name, string? description, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE models SET description = @description, updated_at = @now WHERE name = @name AND deleted_at IS NULL",
            new { name, description, now = Now() },
            cancellationToken: ct));
        return changed == 0 ? throw NotFound(name) : (await LoadAsync(connection, [name], ct))[0];
    }

    public async Task SetTagAsync(string name, string key, string value, CancellationToken ct)
    {
        VersionMetadataRules.ValidateKey(key, "tag key");
        VersionMetadataRules.ValidateValue(value, "tag value");
        await using var connection = await connections.OpenAsync(ct);
        await UpsertTagAsync(connection, null, name, key, value, ct);
    }

    public async Task<bool> DeleteTagAsync(string name, string key, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await EnsureExistsAsync(connection, transaction, name, ct);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM model_tags WHERE model = @name AND key = @key", new { name, key }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return deleted > 0;
    }

    internal static ResourceNotFoundException NotFound(string name) => new($"Registered Model with name={name} not found");

    private static void ValidateName(string name)
    {
        if (!ResourceNames.IsValid(name))
        {
            throw new RegistryValidationException($"'{name}' is not a valid model name: {ResourceNames.Rule}.");
        }
    }

    private static async Task EnsureExistsAsync(SqliteConnection connection, DbTransaction? transaction, string name, CancellationToken ct)
    {
        var exists = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM models WHERE name = @name AND deleted_at IS NULL", new { name }, transaction, cancellationToken: ct));
        if (exists == 0)
        {
            throw NotFound(name);
        }
    }

    private static async Task UpsertTagAsync(
        SqliteConnection connection, DbTransaction? transaction, string name, string key, string value, CancellationToken ct)
    {
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO model_tags (model, key, value) VALUES (@name, @key, @value)
                ON CONFLICT (model, key) DO UPDATE SET value = excluded.value
                """,
                new { name, key, value },
                transaction,
                cancellationToken: ct));
        }
        catch (SqliteException e) when (SqliteErrors.IsMissingReference(e))
        {
            throw NotFound(name);
        }
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
