namespace Modelplane.Governance.Secrets;

/// <summary>Turns a secret's name into its value, for configuration that says <c>secret:NAME</c>.</summary>
public interface ISecretResolver
{
    /// <summary>The current value of secret <paramref name="name"/> in <paramref name="workspace"/>.</summary>
    /// <exception cref="SecretNotFoundException">No such secret.</exception>
    /// <exception cref="SecretUnreadableException">It was sealed with another master key, or its row was altered.</exception>
    Task<string> ResolveAsync(string workspace, string name, CancellationToken ct);
}

/// <summary>The <c>secret:NAME</c> form by which configuration refers to a secret instead of holding its value.</summary>
public static class SecretReference
{
    /// <summary>The prefix that marks a reference.</summary>
    public const string Prefix = "secret:";

    /// <summary>True when <paramref name="text"/> is <c>secret:NAME</c> with a valid name, given in <paramref name="name"/>.</summary>
    public static bool TryParse(string? text, out string name)
    {
        name = "";
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal) || !SecretName.IsValid(text[Prefix.Length..]))
        {
            return false;
        }

        name = text[Prefix.Length..];
        return true;
    }
}
