using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Modelplane.Registry.Tracking;

/// <summary>
/// Opaque page tokens, base64url-encoded so clients treat them as blobs: a versioned offset (<c>o1:</c>), or for
/// searches in MLflow's default run order a keyset (<c>k1:</c>, the last run's start time and id) so a deep page
/// costs what the first does and runs inserted meanwhile neither repeat nor skip a run.
/// </summary>
internal static class PageTokens
{
    private const string Prefix = "o1:";
    private const string KeysetPrefix = "k1:";

    public static string Encode(int offset) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + offset.ToString(CultureInfo.InvariantCulture)));

    /// <summary>A token for the page after the run started at <paramref name="startTime"/> with id <paramref name="runId"/>.</summary>
    public static string EncodeAfter(long startTime, string runId) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{KeysetPrefix}{startTime}:{runId}")));

    public static int Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        if (TryText(token, Prefix) is { } text
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            return offset;
        }

        throw TrackingValidation.Invalid($"Invalid page token '{token}'.");
    }

    /// <summary>The last run of the previous page, or null for the first page.</summary>
    public static (long StartTime, string RunId)? DecodeAfter(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        if (TryText(token, KeysetPrefix) is { } text
            && text.IndexOf(':', StringComparison.Ordinal) is var colon and > 0
            && long.TryParse(text.AsSpan(0, colon), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var start))
        {
            return (start, text[(colon + 1)..]);
        }

        throw TrackingValidation.Invalid($"Invalid page token '{token}'.");
    }

    private static string? TryText(string token, string prefix)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            return text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : null;
        }
        catch (FormatException)
        {
            // Reported by the caller with the same message as a well-formed but foreign token.
            return null;
        }
    }
}
