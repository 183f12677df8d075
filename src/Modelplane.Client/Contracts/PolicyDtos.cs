namespace Modelplane.Client.Contracts;

/// <summary>A workspace's admission policy (<c>GET /api/v1/policy</c>): the document as written, and who wrote it when.</summary>
public sealed record PolicyDto(string Workspace, string Text, DateTimeOffset UpdatedAt, string UpdatedBy, int RuleCount, IReadOnlyList<string> AppliesTo);

/// <summary>One failed policy rule: the rule as named by the server, and what about the version fails it.</summary>
public sealed record PolicyViolationDto(string Rule, string Message);

/// <summary>The 403 body of a refused deploy, promote or alias: <c>{"error": "...", "violations": [...]}</c>.</summary>
public sealed record PolicyRefusalDto(string Error, IReadOnlyList<PolicyViolationDto> Violations);

/// <summary>The answer of <c>POST .../versions/{v}/policy-check?action=</c>: what the policy would say, nothing changed.</summary>
public sealed record PolicyCheckDto(string Model, int Version, string Action, bool Allowed, IReadOnlyList<PolicyViolationDto> Violations);
