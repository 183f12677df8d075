using Dapper;
using Modelplane.Registry.Tracking;
using Modelplane.Registry.Tracking.Search;

namespace Modelplane.Registry.Storage.Sqlite.Tracking;

internal sealed partial class SqliteTrackingStore
{
    private static readonly Dictionary<string, SearchColumn> RunAttributes = new(StringComparer.Ordinal)
    {
        ["run_id"] = new("run_uuid", false),
        ["run_name"] = new("name", false),
        ["status"] = new("status", false),
        ["user_id"] = new("user_id", false),
        ["artifact_uri"] = new("artifact_uri", false),
        ["lifecycle_stage"] = new("lifecycle_stage", false),
        ["start_time"] = new("start_time", true),
        ["end_time"] = new("end_time", true),
        ["created"] = new("start_time", true),
        ["Created"] = new("start_time", true),
    };

    private static readonly Dictionary<string, SearchColumn> ExperimentAttributes = new(StringComparer.Ordinal)
    {
        ["name"] = new("name", false),
        ["experiment_id"] = new("experiment_id", true),
        ["creation_time"] = new("creation_time", true),
        ["last_update_time"] = new("last_update_time", true),
    };

    public async Task<SearchPage<Run>> SearchRunsAsync(RunSearch search, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(search);
        TrackingValidation.ValidateMaxResults(search.MaxResults);
        var experimentIds = search.ExperimentIds.Select(id => TryParseId(id, out var n)
            ? n
            : throw TrackingValidation.Invalid($"Invalid experiment id '{id}': experiment ids are decimal numbers.")).ToArray();
        if (search.OrderBy is not { Count: > 0 })
        {
            var after = PageTokens.DecodeAfter(search.PageToken);
            return experimentIds.Length == 0
                ? new SearchPage<Run>([], null)
                : await SearchRunsInDefaultOrderAsync(search, experimentIds, after, ct);
        }

        var offset = PageTokens.Decode(search.PageToken);
        if (experimentIds.Length == 0)
        {
            return new SearchPage<Run>([], null);
        }

        var translator = RunTranslator(search.Filter, SideTableMatch.In);
        var where = translator.Where(SearchFilter.Parse(search.Filter));
        var orderBy = translator.OrderBy(search.OrderBy, "owner.start_time DESC, owner.run_uuid ASC");
        translator.Parameters.Add("experimentIds", experimentIds);
        translator.Parameters.Add("limit", search.MaxResults + 1);
        translator.Parameters.Add("offset", offset);
        var sql = $"""
            SELECT owner.run_uuid FROM runs owner
            WHERE owner.experiment_id IN @experimentIds {LifecycleCondition(search.ViewType)} AND {where}
            ORDER BY {orderBy} LIMIT @limit OFFSET @offset
            """;

        await using var connection = await connections.OpenAsync(ct);
        var ids = (await connection.QueryAsync<string>(new CommandDefinition(sql, translator.Parameters, cancellationToken: ct))).ToList();
        var runs = await LoadRunsAsync(connection, [.. ids.Take(search.MaxResults)], ct);
        return new SearchPage<Run>(runs, ids.Count > search.MaxResults ? PageTokens.Encode(offset + search.MaxResults) : null);
    }

    public async Task<SearchPage<Experiment>> SearchExperimentsAsync(ExperimentSearch search, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(search);
        TrackingValidation.ValidateMaxResults(search.MaxResults);
        var offset = PageTokens.Decode(search.PageToken);
        var translator = new SqliteSearchTranslator(
            "filter", search.Filter ?? "", "experiment_id", ExperimentAttributes, null, null, "experiment_tags");
        var where = translator.Where(SearchFilter.Parse(search.Filter));
        var orderBy = translator.OrderBy(search.OrderBy, "owner.creation_time DESC, owner.experiment_id ASC");
        translator.Parameters.Add("limit", search.MaxResults + 1);
        translator.Parameters.Add("offset", offset);
        var sql = $"""
            SELECT {ExperimentRow.Columns} FROM experiments owner
            WHERE 1 = 1 {LifecycleCondition(search.ViewType)} AND {where}
            ORDER BY {orderBy} LIMIT @limit OFFSET @offset
            """;

        await using var connection = await connections.OpenAsync(ct);
        var rows = (await connection.QueryAsync<ExperimentRow>(new CommandDefinition(sql, translator.Parameters, cancellationToken: ct))).ToList();
        var page = rows.Take(search.MaxResults).ToList();
        var tags = await LoadExperimentTagsAsync(connection, [.. page.Select(r => r.ExperimentId)], ct);
        return new SearchPage<Experiment>(
            [.. page.Select(r => r.ToExperiment([.. tags[r.ExperimentId]]))],
            rows.Count > search.MaxResults ? PageTokens.Encode(offset + search.MaxResults) : null);
    }

    private static string LifecycleCondition(ViewType viewType) => viewType switch
    {
        ViewType.ActiveOnly => "AND owner.lifecycle_stage = 'active'",
        ViewType.DeletedOnly => "AND owner.lifecycle_stage = 'deleted'",
        _ => string.Empty,
    };
}
