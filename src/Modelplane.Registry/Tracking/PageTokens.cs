using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Modelplane.Registry.Tracking;

/// <summary>Opaque page tokens: a versioned offset, base64url-encoded so clients treat it as a blob.</summary>
internal static class PageTokens
{
    private const string Prefix = "o1:";

    public static string Encode(int offset) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + offset.ToString(CultureInfo.InvariantCulture)));

    public static int Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (text.StartsWith(Prefix, StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
            // Reported below with the same message as a well-formed but foreign token.
        }

        throw TrackingValidation.Invalid($"Invalid page token '{token}'.");
    }
}
