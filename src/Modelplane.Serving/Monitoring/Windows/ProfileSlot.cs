using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.Monitoring.Windows;

/// <summary>
/// Where a route arm looks for its version's live profile: empty until the version has a reference profile and the
/// endpoint is monitored, so monitoring starts and stops without rebuilding routes. Costs a request one read when empty.
/// </summary>
public sealed class ProfileSlot : IInferenceObserver
{
    private volatile LiveProfile? _live;

    /// <summary>The live profile counting this version's requests, or null.</summary>
    public LiveProfile? Live
    {
        get => _live;
        internal set => _live = value;
    }

    /// <inheritdoc />
    public void Observe(in InferenceResult result) => _live?.Observe(result);
}

/// <summary>Two observers of one answer, e.g. a rollout's window and the live profile.</summary>
public sealed class ObserverPair(IInferenceObserver first, IInferenceObserver second) : IInferenceObserver
{
    /// <inheritdoc />
    public void Observe(in InferenceResult result)
    {
        first.Observe(result);
        second.Observe(result);
    }
}
