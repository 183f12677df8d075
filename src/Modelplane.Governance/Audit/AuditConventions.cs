using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Modelplane.Governance.Audit;

/// <summary>Route metadata: this route changes nothing (inference, read-only POSTs), so requests to it are not audited.</summary>
public sealed class NotAudited
{
    private NotAudited()
    {
    }

    /// <summary>The one instance.</summary>
    public static NotAudited Instance { get; } = new();
}

/// <summary>
/// The before/after summary a handler attaches to its request's audit record (<see cref="HttpContext.Features"/>).
/// </summary>
/// <remarks>One line each, such as <c>endpoint churn -> churn@2</c>; never a request body, which can hold secrets.</remarks>
public sealed class AuditSummary
{
    /// <summary>The object before the change, or null when it did not exist or is unknown.</summary>
    public string? Before { get; set; }

    /// <summary>The object after the change, or null when it no longer exists or is unknown.</summary>
    public string? After { get; set; }
}

/// <summary>Marks routes as not audited and lets handlers describe what they changed.</summary>
public static class AuditConventions
{
    /// <summary>Requests to this route write no audit record: use only for routes that change nothing.</summary>
    public static TBuilder ExcludeFromAudit<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(NotAudited.Instance);

    /// <summary>Records what the object looked like before and after this request's change (null leaves a side as it is).</summary>
    public static void SetAuditSummary(this HttpContext context, string? before = null, string? after = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var summary = context.Features.Get<AuditSummary>();
        if (summary is null)
        {
            // No audit middleware on this request (e.g. a test host without it): nothing will read the summary.
            return;
        }

        summary.Before = before ?? summary.Before;
        summary.After = after ?? summary.After;
    }
}
