using System.Globalization;
using Microsoft.Extensions.Primitives;
using Modelplane.Serving;

namespace Modelplane.Server.Oip;

/// <summary>The per-request timeout a client may send as <c>X-Modelplane-Timeout-Ms</c>.</summary>
internal static class RequestTimeout
{
    public const string Header = "X-Modelplane-Timeout-Ms";

    /// <summary>The header's timeout, or zero (the server default) when absent.</summary>
    /// <exception cref="InferenceRequestException">The header is not a positive whole number of milliseconds up to one hour.</exception>
    public static TimeSpan Read(IHeaderDictionary headers)
    {
        var value = headers[Header];
        if (StringValues.IsNullOrEmpty(value))
        {
            return TimeSpan.Zero;
        }
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms is > 0 and <= 3_600_000
            ? TimeSpan.FromMilliseconds(ms)
            : throw new InferenceRequestException($"Header {Header} must be a whole number of milliseconds from 1 to 3600000; got '{value}'.");
    }
}
