using System.Diagnostics.CodeAnalysis;

namespace Modelplane.Governance.Workspaces;

/// <summary>
/// Workspace names: 1–40 of <c>a-z 0-9 -</c>, starting with a letter or digit. They become directory names, so nothing
/// else is allowed (no dots, slashes, upper case or Unicode look-alikes).
/// </summary>
public static class WorkspaceName
{
    /// <summary>The workspace created on first start; its admins also manage workspaces.</summary>
    public const string Default = "default";

    /// <summary>The longest name.</summary>
    public const int MaxLength = 40;

    /// <summary>Null when <paramref name="name"/> is valid, else why not.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "A workspace name is required.";
        }

        if (name.Length > MaxLength)
        {
            return $"Workspace name is {name.Length} characters; the limit is {MaxLength}.";
        }

        if (!char.IsAsciiLetterLower(name[0]) && !char.IsAsciiDigit(name[0]))
        {
            return $"Workspace name '{Shown(name)}' must start with a lower-case letter or a digit.";
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-')
            {
                return $"Workspace name '{Shown(name)}' may contain only a-z, 0-9 and '-'.";
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="name"/> is a valid workspace name.</summary>
    public static bool IsValid([NotNullWhen(true)] string? name) => Problem(name) is null;

    // Echo at most 60 printable characters of a rejected name.
    private static string Shown(string name) =>
        new([.. name.Take(60).Select(c => char.IsControl(c) ? '?' : c)]);
}
