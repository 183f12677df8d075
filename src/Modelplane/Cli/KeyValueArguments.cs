using System.Globalization;

namespace Modelplane.Cli;

/// <summary>Parses the repeatable <c>--tag k=v</c> and <c>--metric k=v</c> options, with messages that say which value is wrong.</summary>
internal static class KeyValueArguments
{
    /// <summary>Parses <c>key=value</c> pairs; the value may contain '=' and may be empty, the key may not.</summary>
    /// <exception cref="UsageException">A pair has no '=', an empty key, or a key given twice.</exception>
    public static Dictionary<string, string> ParseTags(IEnumerable<string> pairs) => ParseStrings(pairs, "--tag", "team=risk");

    /// <summary>Parses <c>--param key=value</c> pairs, with the same rules as tags.</summary>
    /// <exception cref="UsageException">A pair has no '=', an empty key, or a key given twice.</exception>
    public static Dictionary<string, string> ParseParams(IEnumerable<string> pairs) => ParseStrings(pairs, "--param", "max_depth=6");

    private static Dictionary<string, string> ParseStrings(IEnumerable<string> pairs, string option, string example)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var (key, value) = Split(pair, option, example);
            if (!values.TryAdd(key, value))
            {
                throw new UsageException($"{option} '{key}' is given more than once.");
            }
        }

        return values;
    }

    /// <summary>Parses <c>key=number</c> pairs; numbers use '.' as the decimal separator.</summary>
    /// <exception cref="UsageException">A pair is malformed, its value is not a finite number, or its key is repeated.</exception>
    public static Dictionary<string, double> ParseMetrics(IEnumerable<string> pairs)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var (key, text) = Split(pair, "--metric", "auc=0.91");
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                throw new UsageException($"--metric '{pair}': '{text}' is not a number. Use KEY=NUMBER, e.g. --metric auc=0.91.");
            }

            if (!metrics.TryAdd(key, value))
            {
                throw new UsageException($"--metric '{key}' is given more than once.");
            }
        }

        return metrics;
    }

    private static (string Key, string Value) Split(string pair, string option, string example)
    {
        var eq = pair.IndexOf('=', StringComparison.Ordinal);
        if (eq < 0)
        {
            throw new UsageException($"{option} '{pair}' is not KEY=VALUE. Example: {option} {example}.");
        }

        var key = pair[..eq].Trim();
        if (key.Length == 0)
        {
            throw new UsageException($"{option} '{pair}' has an empty key. Example: {option} {example}.");
        }

        return (key, pair[(eq + 1)..]);
    }
}
