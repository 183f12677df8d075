namespace Modelplane.Serving.Protocol;

/// <summary>What the transport knows about one call, beyond its body.</summary>
/// <param name="ModelName">The endpoint or model name the client called; echoed in responses and named in errors.</param>
/// <param name="Timeout">How long the call may wait for a slot or a batch; <see cref="TimeSpan.Zero"/> means the server default.</param>
/// <param name="Aborted">Signals that the client went away.</param>
public readonly record struct InferenceCall(string ModelName, TimeSpan Timeout = default, CancellationToken Aborted = default)
{
    /// <summary>Sees the outputs before they are encoded; null on the plain path.</summary>
    public IInferenceObserver? Observer { get; init; }

    /// <summary>Receives when the call passed each phase; null unless the call is traced.</summary>
    public CallPhases? Phases { get; init; }
}
