using System.Globalization;
using Modelplane.Registry.Models;

namespace Modelplane.Registry.Tracking;

/// <summary>The input rules MLflow applies to tracking requests, shared by every <see cref="ITrackingStore"/> backend.</summary>
public static class TrackingValidation
{
    /// <summary>Results per search page when the caller names none.</summary>
    public const int DefaultMaxResults = 1000;

    /// <summary>The most results one search page may return.</summary>
    public const int MaxResultsLimit = 50_000;

    /// <summary>MLflow's limit on metrics in one log-batch.</summary>
    public const int MaxMetricsPerBatch = 1000;

    /// <summary>MLflow's limit on params, and separately on tags, in one log-batch.</summary>
    public const int MaxParamsTagsPerBatch = 100;

    /// <summary>MLflow's limit on metrics, params and tags together in one log-batch.</summary>
    public const int MaxEntitiesPerBatch = 1000;

    /// <summary>Longest metric, param or tag key, experiment name or run name.</summary>
    public const int MaxNameLength = 250;

    /// <summary>Longest param value.</summary>
    public const int MaxParamValueLength = 6000;

    /// <summary>Longest tag value.</summary>
    public const int MaxTagValueLength = 8000;

    /// <summary>Checks an experiment or run name: not empty, not too long, no control characters.</summary>
    public static void ValidateName(string? name, string what)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw Invalid($"{what} must be a non-empty string.");
        }

        if (name.Length > MaxNameLength)
        {
            throw Invalid($"{what} '{Shorten(name)}' is {name.Length} characters long; the limit is {MaxNameLength}.");
        }

        if (name.Any(char.IsControl))
        {
            throw Invalid($"{what} '{Escape(name)}' contains a control character.");
        }
    }

    /// <summary>
    /// Checks a metric, param or tag key the way MLflow does: letters, digits, <c>_ - . : /</c> and spaces, and
    /// nothing that would resolve to another name as a file path (<c>..</c>, <c>//</c>, a leading <c>/</c>).
    /// </summary>
    public static void ValidateKey(string? key, string what)
    {
        if (string.IsNullOrEmpty(key))
        {
            throw Invalid($"Missing value for required parameter 'key' ({what}).");
        }

        if (key.Length > MaxNameLength)
        {
            throw Invalid($"{what} name '{Shorten(key)}' is {key.Length} characters long; the limit is {MaxNameLength}.");
        }

        if (!key.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or ' ' or ':' or '/'))
        {
            throw Invalid($"Invalid {what} name: '{Escape(key)}'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colons (:) and slashes (/).");
        }

        var segments = key.Split('/');
        if (key.StartsWith('/') || segments.Any(s => s is "" or "." or ".."))
        {
            throw Invalid($"Invalid {what} name: '{key}'. Names must not be absolute or contain empty, '.' or '..' path segments.");
        }
    }

    /// <summary>Checks a whole log-batch: MLflow's size limits, then every key and value.</summary>
    public static void ValidateBatch(RunBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Metrics.Count > MaxMetricsPerBatch)
        {
            throw Invalid($"A batch logging request can contain at most {MaxMetricsPerBatch} metrics. Got {batch.Metrics.Count} metrics.");
        }

        if (batch.Params.Count > MaxParamsTagsPerBatch)
        {
            throw Invalid($"A batch logging request can contain at most {MaxParamsTagsPerBatch} params. Got {batch.Params.Count} params.");
        }

        if (batch.Tags.Count > MaxParamsTagsPerBatch)
        {
            throw Invalid($"A batch logging request can contain at most {MaxParamsTagsPerBatch} tags. Got {batch.Tags.Count} tags.");
        }

        var total = batch.Metrics.Count + batch.Params.Count + batch.Tags.Count;
        if (total > MaxEntitiesPerBatch)
        {
            throw Invalid($"A batch logging request can contain at most {MaxEntitiesPerBatch} metrics, params and tags in total. Got {total}.");
        }

        foreach (var metric in batch.Metrics)
        {
            ValidateKey(metric.Key, "metric");
        }

        foreach (var param in batch.Params)
        {
            ValidateKey(param.Key, "param");
            ValidateValue(param, MaxParamValueLength, "Param");
        }

        foreach (var tag in batch.Tags)
        {
            ValidateKey(tag.Key, "tag");
            ValidateValue(tag, MaxTagValueLength, "Tag");
        }

        var conflicting = batch.Params.GroupBy(p => p.Key, StringComparer.Ordinal)
            .FirstOrDefault(g => g.Select(p => p.Value).Distinct(StringComparer.Ordinal).Count() > 1);
        if (conflicting is not null)
        {
            throw Invalid($"Duplicate parameter keys have been submitted with different values: '{conflicting.Key}'.");
        }
    }

    /// <summary>Checks a tag outside a batch (experiment tags).</summary>
    public static void ValidateTag(TrackingTag tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        ValidateKey(tag.Key, "tag");
        ValidateValue(tag, MaxTagValueLength, "Tag");
    }

    /// <summary>Checks a run status against <see cref="RunStatuses.All"/>.</summary>
    public static void ValidateStatus(string status)
    {
        if (!RunStatuses.All.Contains(status, StringComparer.Ordinal))
        {
            throw Invalid($"Invalid run status '{status}'; expected one of {string.Join(", ", RunStatuses.All)}.");
        }
    }

    /// <summary>Checks a page size: 1 to <see cref="MaxResultsLimit"/>.</summary>
    public static void ValidateMaxResults(int maxResults)
    {
        if (maxResults is < 1 or > MaxResultsLimit)
        {
            throw Invalid($"Invalid value {maxResults.ToString(CultureInfo.InvariantCulture)} for parameter 'max_results': it must be between 1 and {MaxResultsLimit}.");
        }
    }

    private static void ValidateValue(TrackingTag entry, int limit, string what)
    {
        if (entry.Value is null)
        {
            throw Invalid($"{what} '{entry.Key}' has no value.");
        }

        if (entry.Value.Length > limit)
        {
            throw Invalid($"{what} '{entry.Key}' has a value of {entry.Value.Length} characters; the limit is {limit}.");
        }
    }

    internal static RegistryValidationException Invalid(string message) => new(message);

    private static string Shorten(string s) => s.Length <= 40 ? s : string.Concat(s.AsSpan(0, 40), "…");

    private static string Escape(string s) =>
        string.Concat(s.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
