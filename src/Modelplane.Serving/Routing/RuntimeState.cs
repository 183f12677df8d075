namespace Modelplane.Serving.Routing;

/// <summary>Where a model version is in its load/unload lifecycle; the names are Triton's repository-index states.</summary>
public enum RuntimeState
{
    /// <summary>Not loaded: never requested, unloaded on request, or its last load failed (see the reason).</summary>
    Unavailable,

    /// <summary>Being loaded and warmed up; requests for it wait (bounded) or get 503 with <c>Retry-After</c>.</summary>
    Loading,

    /// <summary>Loaded and serving.</summary>
    Ready,

    /// <summary>Being unloaded; its memory is being given back.</summary>
    Unloading,
}

/// <summary>One version the runtime cache knows about: its state and the memory it takes.</summary>
/// <param name="Model">The model name.</param>
/// <param name="Version">The version number.</param>
/// <param name="Digest">The artifact digest the runner was loaded from.</param>
/// <param name="State">The lifecycle state.</param>
/// <param name="Reason">Why the version is <see cref="RuntimeState.Unavailable"/> (unloaded on request, or the load error); else null.</param>
/// <param name="MemoryBytes">What the loaded version takes (see <see cref="ServingOptions.MemoryBudgetBytes"/>); for a loading version, the estimate reserved for it; else null.</param>
public sealed record RuntimeStatus(string Model, int Version, string Digest, RuntimeState State, string? Reason, long? MemoryBytes);

/// <summary>Loading a version would take the loaded versions over <see cref="ServingOptions.MemoryBudgetBytes"/>; nothing was loaded.</summary>
/// <param name="message">Names the version, the budget, the memory in use and how to make room.</param>
/// <param name="budgetBytes">The configured budget.</param>
/// <param name="inUseBytes">The memory loaded (and loading) versions take now.</param>
/// <param name="requiredBytes">The estimate for the version that was refused.</param>
public sealed class ModelMemoryBudgetException(string message, long budgetBytes, long inUseBytes, long requiredBytes) : Exception(message)
{
    /// <summary>The configured budget in bytes.</summary>
    public long BudgetBytes { get; } = budgetBytes;

    /// <summary>The memory in use when the load was refused, in bytes.</summary>
    public long InUseBytes { get; } = inUseBytes;

    /// <summary>The estimate for the refused version, in bytes.</summary>
    public long RequiredBytes { get; } = requiredBytes;
}
