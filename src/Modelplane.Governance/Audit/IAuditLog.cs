namespace Modelplane.Governance.Audit;

/// <summary>How an audited action ended.</summary>
public enum AuditOutcome
{
    /// <summary>The request was received and allowed; its result follows in a later record with the same request id.</summary>
    Started,

    /// <summary>The change was made.</summary>
    Succeeded,

    /// <summary>The change was attempted and failed (a 4xx other than a denial, or a 5xx).</summary>
    Failed,

    /// <summary>Access control or a policy refused it.</summary>
    Denied,
}

/// <summary>One thing to record: who did what to which object, and how it ended.</summary>
/// <param name="Workspace">The workspace the action was in (the caller's).</param>
/// <param name="Actor">The principal's name, or <c>anonymous</c>.</param>
/// <param name="Action">What was done, e.g. the route name (<c>CreateEndpoint</c>) or <c>tokens.revoke</c>.</param>
/// <param name="Target">What it was done to, e.g. <c>POST /api/v1/endpoints/churn</c> or <c>model churn@2</c>.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Status">The HTTP status answered, when there was one.</param>
/// <param name="Before">A short summary of the object before the change, when known.</param>
/// <param name="After">A short summary after the change (or the reason for a denial), when known.</param>
/// <param name="ClientAddress">The caller's IP address.</param>
/// <param name="RequestId">The request id (<c>HttpContext.TraceIdentifier</c>).</param>
public sealed record AuditEntry(
    string Workspace,
    string Actor,
    string Action,
    string Target,
    AuditOutcome Outcome,
    int? Status,
    string? Before,
    string? After,
    string? ClientAddress,
    string? RequestId);

/// <summary>
/// The append-only, hash-chained audit log. An append is durable when the task completes; when it throws, the caller
/// must not make (or must not acknowledge) the change: the platform fails closed.
/// </summary>
public interface IAuditLog
{
    /// <summary>Appends <paramref name="entry"/> to its workspace's chain.</summary>
    Task AppendAsync(AuditEntry entry, CancellationToken ct);
}
