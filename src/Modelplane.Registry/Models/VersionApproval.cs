namespace Modelplane.Registry.Models;

/// <summary>Review state of a version.</summary>
public enum ApprovalStatus
{
    /// <summary>Not reviewed yet; every version starts here.</summary>
    Pending,

    /// <summary>Approved for use.</summary>
    Approved,

    /// <summary>Rejected; the comment says why.</summary>
    Rejected,
}

/// <summary>The latest review decision on a version.</summary>
/// <param name="Status">The decision.</param>
/// <param name="By">Who decided, or null while pending.</param>
/// <param name="At">When it was decided, or null while pending.</param>
/// <param name="Comment">Why, or null.</param>
public sealed record VersionApproval(ApprovalStatus Status, string? By, DateTimeOffset? At, string? Comment)
{
    /// <summary>The state of a version nobody has reviewed.</summary>
    public static VersionApproval Pending { get; } = new(ApprovalStatus.Pending, null, null, null);

    /// <summary>The wire and storage name: <c>pending</c>, <c>approved</c> or <c>rejected</c>.</summary>
    public static string Name(ApprovalStatus status) => status switch
    {
        ApprovalStatus.Approved => "approved",
        ApprovalStatus.Rejected => "rejected",
        _ => "pending",
    };

    /// <summary>Parses a wire name (case-insensitive).</summary>
    public static bool TryParse(string? text, out ApprovalStatus status)
    {
        status = text?.ToLowerInvariant() switch
        {
            "pending" => ApprovalStatus.Pending,
            "approved" => ApprovalStatus.Approved,
            "rejected" => ApprovalStatus.Rejected,
            _ => (ApprovalStatus)(-1),
        };
        return Enum.IsDefined(status);
    }
}
