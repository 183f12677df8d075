namespace Modelplane.Registry.Models.Lifecycle;

/// <summary>What a soft delete records, and how it treats aliases.</summary>
/// <param name="By">Who deletes (a user name), or null.</param>
/// <param name="Reason">Why, free text, or null.</param>
public sealed record DeleteOptions(string? By = null, string? Reason = null)
{
    /// <summary>The longest accepted <see cref="Reason"/>, in characters.</summary>
    public const int MaxReasonLength = 1000;

    /// <summary>
    /// Whether deleting a version also removes the aliases pointing at it. When false, such a delete is refused with a
    /// conflict naming the aliases, because clients resolving <c>NAME@alias</c> would silently lose their target.
    /// </summary>
    /// <value>Defaults to false. Removed aliases do not come back on restore.</value>
    public bool RemoveAliases { get; init; }
}
