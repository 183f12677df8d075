namespace Modelplane.Governance.Identity;

/// <summary>Whether a principal is a person or a program.</summary>
public enum PrincipalKind
{
    /// <summary>A person.</summary>
    User,

    /// <summary>A program (CI, a training pipeline, a client service).</summary>
    ServiceAccount,
}

/// <summary>Principal names: 1–64 of <c>a-z A-Z 0-9 . _ @ -</c>, starting with a letter or digit (e-mail addresses fit).</summary>
public static class PrincipalName
{
    /// <summary>The longest name.</summary>
    public const int MaxLength = 64;

    /// <summary>Null when <paramref name="name"/> is valid, else why not.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "A user or service account name is required.";
        }

        if (name.Length > MaxLength)
        {
            return $"Name is {name.Length} characters; the limit is {MaxLength}.";
        }

        if (!char.IsAsciiLetterOrDigit(name[0]))
        {
            return "A user or service account name must start with a letter or a digit.";
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '@' or '-'))
            {
                return "A user or service account name may contain only letters, digits and . _ @ -";
            }
        }

        return null;
    }

    /// <summary>The stored and wire name of a kind: <c>user</c> or <c>service_account</c>.</summary>
    public static string Kind(PrincipalKind kind) => kind == PrincipalKind.User ? "user" : "service_account";

    /// <summary>Parses a stored or wire kind.</summary>
    public static bool TryParseKind(string? text, out PrincipalKind kind)
    {
        kind = text switch
        {
            "user" => PrincipalKind.User,
            "service_account" or "service-account" => PrincipalKind.ServiceAccount,
            _ => (PrincipalKind)(-1),
        };
        return kind >= 0;
    }
}

/// <summary>A principal's role in one workspace.</summary>
public sealed record Member(string Workspace, string Principal, PrincipalKind Kind, Access.Role Role, DateTimeOffset AddedAt, string AddedBy);

/// <summary>A token as lists show it: never the secret.</summary>
public sealed record ApiTokenInfo(
    string Id,
    string Workspace,
    string Principal,
    Access.Role Role,
    string? Description,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    string? RevokedBy)
{
    /// <summary>The visible prefix, <c>mp_&lt;id&gt;</c>.</summary>
    public string Prefix => ApiTokenSecret.Prefix(Id);
}

/// <summary>A workspace.</summary>
public sealed record Workspace(string Name, string? Description, DateTimeOffset CreatedAt, string CreatedBy);
