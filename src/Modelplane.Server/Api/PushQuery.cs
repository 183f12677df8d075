using System.Globalization;
using Modelplane.Registry.Models;

namespace Modelplane.Server.Api;

/// <summary>
/// Reads push metadata from the query string: <c>description</c>, repeated <c>tag=k=v</c>, <c>metric=k=v</c> and
/// <c>param=k=v</c>, <c>sha256</c>, and lineage: <c>dataset_uri</c>, <c>dataset_sha256</c>, <c>code_repo</c>,
/// <c>code_commit</c>, <c>run_id</c>, <c>created_by</c> and repeated <c>parent=N</c>; for a signed push
/// <c>signature_key</c> and <c>signature</c> (base64), which need <c>sha256</c>.
/// </summary>
internal sealed record PushQuery(PushMetadata? Metadata, string? Error)
{
    /// <summary>The signature sent with the push, or null for an unsigned push.</summary>
    public Governance.PushSignature? Signature { get; init; }

    public static PushQuery Parse(IQueryCollection query)
    {
        if (ParsePairs(query, "tag", out var tags) is { } tagError)
        {
            return new(null, tagError);
        }

        if (ParsePairs(query, "param", out var parameters) is { } paramError)
        {
            return new(null, paramError);
        }

        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var metric in query["metric"])
        {
            if (!TrySplit(metric, out var key, out var text)
                || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                || !double.IsFinite(number))
            {
                return new(null, $"Metric '{metric}' is not of the form key=number.");
            }

            metrics[key] = number;
        }

        var sha256 = query["sha256"].ToString();
        if (sha256.Length > 0 && !IsSha256(sha256))
        {
            return new(null, "sha256 must be 64 hexadecimal characters.");
        }

        var datasetSha256 = Text(query, "dataset_sha256");
        if (datasetSha256 is not null && !IsSha256(datasetSha256))
        {
            return new(null, "dataset_sha256 must be 64 hexadecimal characters.");
        }

        var parents = new List<int>();
        foreach (var parent in query["parent"])
        {
            if (VersionMetadataRules.ParseVersionNumber(parent) is not { } number)
            {
                return new(null, $"parent '{parent}' is not a positive version number.");
            }

            parents.Add(number);
        }

        var lineage = new VersionLineage(
            Text(query, "dataset_uri"), datasetSha256?.ToLowerInvariant(), Text(query, "code_repo"), Text(query, "code_commit"),
            Text(query, "run_id"), parents, Text(query, "created_by"));
        var metadata = new PushMetadata(Text(query, "description"), tags, metrics, sha256.Length == 0 ? null : sha256.ToLowerInvariant())
        {
            Params = parameters,
            Lineage = lineage,
        };
        var (signature, signatureError) = Governance.PushSignature.Parse(query, metadata.ExpectedSha256);
        return signatureError is null ? new(metadata, null) { Signature = signature } : new(null, signatureError);
    }

    private static string? ParsePairs(IQueryCollection query, string name, out Dictionary<string, string> pairs)
    {
        pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query[name])
        {
            if (!TrySplit(pair, out var key, out var value))
            {
                return $"{char.ToUpperInvariant(name[0])}{name[1..]} '{pair}' is not of the form key=value.";
            }

            pairs[key] = value;
        }

        return null;
    }

    private static string? Text(IQueryCollection query, string name) => query[name].ToString() is { Length: > 0 } text ? text : null;

    private static bool IsSha256(string text)
    {
        var hex = text.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? text[7..] : text;
        return hex.Length == 64 && hex.All(char.IsAsciiHexDigit);
    }

    private static bool TrySplit(string? pair, out string key, out string value)
    {
        var eq = pair?.IndexOf('=', StringComparison.Ordinal) ?? -1;
        key = eq > 0 ? pair![..eq].Trim() : "";
        value = eq > 0 ? pair![(eq + 1)..] : "";
        return key.Length is > 0 and <= VersionMetadataRules.MaxKeyLength && value.Length <= VersionMetadataRules.MaxValueLength;
    }
}
