namespace Modelplane.Governance.Policies;

/// <summary>One failed rule.</summary>
/// <param name="Rule">The rule, as <see cref="PolicyRule.Describe"/> names it.</param>
/// <param name="Message">What about the version fails it.</param>
public sealed record PolicyViolation(string Rule, string Message);
