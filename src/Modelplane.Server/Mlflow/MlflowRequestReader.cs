using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Modelplane.Registry.Tracking;

namespace Modelplane.Server.Mlflow;

/// <summary>Reads a request message the way MLflow's server does: a JSON body for POST, the query string for GET.</summary>
internal static class MlflowRequestReader
{
    // Repeated protobuf fields: in a query string they may appear once and still mean a list.
    private static readonly HashSet<string> RepeatedFields = new(StringComparer.Ordinal) { "order_by", "experiment_ids" };

    public static async Task<T> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken ct)
        where T : class
    {
        try
        {
            // GET carries the message in the query string; some clients send DELETE that way too.
            if (HttpMethods.IsGet(request.Method) || (HttpMethods.IsDelete(request.Method) && request.ContentLength is null or 0 && request.Query.Count > 0))
            {
                return FromQuery(request.Query).Deserialize(type) ?? throw Empty();
            }

            if (request.ContentLength == 0)
            {
                return JsonSerializer.Deserialize("{}", type)!;
            }

            return await JsonSerializer.DeserializeAsync(request.Body, type, ct).ConfigureAwait(false) ?? throw Empty();
        }
        catch (JsonException ex)
        {
            throw new MlflowRequestException($"Malformed request: {ex.Message}");
        }
    }

    public static string Required(string? value, string field) =>
        string.IsNullOrEmpty(value) ? throw new MlflowRequestException($"Missing value for required parameter '{field}'.") : value;

    public static T Required<T>(T? value, string field)
        where T : struct =>
        value ?? throw new MlflowRequestException($"Missing value for required parameter '{field}'.");

    /// <summary>MLflow's repeated key/value tags as a map; a repeated key keeps its last value, as MLflow's stores do.</summary>
    public static Dictionary<string, string> TagMap(KeyValueDto[]? tags)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags ?? [])
        {
            map[Required(tag.Key, "tags.key")] = tag.Value ?? "";
        }

        return map;
    }

    public static string RunId(string? runId, string? runUuid) => Required(string.IsNullOrEmpty(runId) ? runUuid : runId, "run_id");

    public static int MaxResults(long? requested, int fallback)
    {
        var value = requested ?? fallback;
        TrackingValidation.ValidateMaxResults((int)Math.Clamp(value, int.MinValue, int.MaxValue));
        return (int)value;
    }

    /// <summary>Parses protobuf's ViewType by name or number; absent means active only.</summary>
    public static ViewType ViewType(string? value) => value?.ToUpperInvariant() switch
    {
        null or "" or "ACTIVE_ONLY" or "1" => Registry.Tracking.ViewType.ActiveOnly,
        "DELETED_ONLY" or "2" => Registry.Tracking.ViewType.DeletedOnly,
        "ALL" or "3" => Registry.Tracking.ViewType.All,
        _ => throw new MlflowRequestException($"Invalid view type '{value}'; expected ACTIVE_ONLY, DELETED_ONLY or ALL."),
    };

    private static JsonObject FromQuery(IQueryCollection query)
    {
        var json = new JsonObject();
        foreach (var (key, values) in query)
        {
            json[key] = values.Count > 1 || RepeatedFields.Contains(key)
                ? new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))])
                : JsonValue.Create(values.ToString());
        }

        return json;
    }

    private static MlflowRequestException Empty() => new("Malformed request: the body is the JSON literal null.");
}
