using System.Globalization;

namespace Modelplane.Registry.Models;

/// <summary>The limits on version metadata, shared by the publisher, the API and the stores' callers.</summary>
public static class VersionMetadataRules
{
    /// <summary>Longest tag or param key.</summary>
    public const int MaxKeyLength = 256;

    /// <summary>Longest tag or param value, and longest lineage field.</summary>
    public const int MaxValueLength = 4096;

    /// <summary>Largest model card, in UTF-16 characters.</summary>
    public const int MaxCardLength = 256 * 1024;

    /// <summary>Whether <paramref name="alias"/> is a valid alias: a valid resource name that is not all digits.</summary>
    public static bool IsValidAlias(string? alias) => ResourceNames.IsValid(alias) && !alias!.All(char.IsAsciiDigit);

    /// <summary>Describes the alias rule, for error messages.</summary>
    public const string AliasRule = ResourceNames.Rule + ", and not all digits";

    /// <summary>Throws unless <paramref name="key"/> is a usable tag or param key.</summary>
    /// <exception cref="RegistryValidationException">The key is empty, too long or has control characters.</exception>
    public static void ValidateKey(string? key, string field)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > MaxKeyLength || key.Any(char.IsControl))
        {
            throw new RegistryValidationException(
                $"{field} key '{key}' is invalid: 1-{MaxKeyLength} characters without control characters.");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> fits <see cref="MaxValueLength"/>.</summary>
    /// <exception cref="RegistryValidationException">The value is too long.</exception>
    public static void ValidateValue(string? value, string field)
    {
        if (value is { Length: > MaxValueLength })
        {
            throw new RegistryValidationException(
                $"{field} is {value.Length.ToString(CultureInfo.InvariantCulture)} characters; the limit is {MaxValueLength}.");
        }
    }

    /// <summary>Parses a version number or returns null when the text is an alias (or invalid).</summary>
    public static int? ParseVersionNumber(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : null;
}
