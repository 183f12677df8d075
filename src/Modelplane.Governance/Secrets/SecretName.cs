using System.Diagnostics.CodeAnalysis;

namespace Modelplane.Governance.Secrets;

/// <summary>
/// Names of secrets and signing keys: 1–64 of <c>A-Z a-z 0-9 _ . -</c>, starting with a letter. Key names become file
/// names on the client (<c>~/.modelplane/keys/NAME.key</c>), so nothing that can leave a directory is allowed.
/// </summary>
public static class SecretName
{
    /// <summary>The longest name.</summary>
    public const int MaxLength = 64;

    /// <summary>Null when <paramref name="name"/> is valid, else why not.</summary>
    /// <param name="name">The name to check.</param>
    /// <param name="what">What is named, for the message (<c>Secret</c> or <c>Key</c>).</param>
    public static string? Problem(string? name, string what = "Secret")
    {
        if (string.IsNullOrEmpty(name))
        {
            return $"A {what.ToLowerInvariant()} name is required.";
        }

        if (name.Length > MaxLength)
        {
            return $"{what} name is {name.Length} characters; the limit is {MaxLength}.";
        }

        if (!char.IsAsciiLetter(name[0]))
        {
            return $"{what} name '{Shown(name)}' must start with a letter.";
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '.' or '-'))
            {
                return $"{what} name '{Shown(name)}' may contain only A-Z, a-z, 0-9, '_', '.' and '-'.";
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="name"/> is a valid name.</summary>
    public static bool IsValid([NotNullWhen(true)] string? name) => Problem(name) is null;

    private static string Shown(string name) =>
        new([.. name.Take(MaxLength).Select(c => char.IsControl(c) ? '?' : c)]);
}
