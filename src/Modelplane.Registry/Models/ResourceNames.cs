using System.Text.RegularExpressions;

namespace Modelplane.Registry.Models;

/// <summary>Rules for model and endpoint names. Names are identifiers only: they never become file paths.</summary>
public static partial class ResourceNames
{
    /// <summary>The longest name accepted.</summary>
    public const int MaxLength = 128;

    /// <summary>Describes the rule, for error messages.</summary>
    public const string Rule = "1-128 characters: letters, digits, '.', '_' or '-', starting with a letter or digit";

    /// <summary>Returns whether <paramref name="name"/> is a valid model or endpoint name.</summary>
    public static bool IsValid(string? name) => name is not null && NamePattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
