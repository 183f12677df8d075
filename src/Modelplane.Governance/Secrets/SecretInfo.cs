namespace Modelplane.Governance.Secrets;

/// <summary>What may be shown about a secret: never its value.</summary>
/// <param name="Name">The secret's name.</param>
/// <param name="Version">1 on creation, one more on each rotation.</param>
/// <param name="CreatedAt">When it was first set.</param>
/// <param name="UpdatedAt">When its value last changed.</param>
public sealed record SecretInfo(string Name, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
