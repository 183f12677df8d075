using System.Globalization;

namespace Modelplane.Server.Api;

/// <summary>Reads push metadata from the query string: <c>description</c>, repeated <c>tag=k=v</c> and <c>metric=k=v</c>, <c>sha256</c>.</summary>
internal sealed record PushQuery(Registry.Models.PushMetadata? Metadata, string? Error)
{
    public static PushQuery Parse(IQueryCollection query)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in query["tag"])
        {
            if (!TrySplit(tag, out var key, out var value))
            {
                return new(null, $"Tag '{tag}' is not of the form key=value.");
            }

            tags[key] = value;
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
        if (sha256.Length > 0 && (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit)))
        {
            return new(null, "sha256 must be 64 hexadecimal characters.");
        }

        var description = query["description"].ToString();
        return new(new(description.Length == 0 ? null : description, tags, metrics, sha256.Length == 0 ? null : sha256.ToLowerInvariant()), null);
    }

    private static bool TrySplit(string? pair, out string key, out string value)
    {
        var eq = pair?.IndexOf('=', StringComparison.Ordinal) ?? -1;
        key = eq > 0 ? pair![..eq].Trim() : "";
        value = eq > 0 ? pair![(eq + 1)..] : "";
        return key.Length is > 0 and <= 256 && value.Length <= 4096;
    }
}
