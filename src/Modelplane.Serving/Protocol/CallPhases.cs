namespace Modelplane.Serving.Protocol;

/// <summary>
/// When one call passed each phase inside a runner, as <see cref="System.Diagnostics.Stopwatch"/> timestamps (0 = not
/// reached). Given only to traced calls, so a trace can show validation, queue wait and the model run as spans
/// without the runner knowing about tracing.
/// </summary>
public sealed class CallPhases
{
    /// <summary>The runner took the call.</summary>
    public long Started { get; internal set; }

    /// <summary>The request was decoded and checked against the signature.</summary>
    public long Decoded { get; internal set; }

    /// <summary>The call (or its batch) got a slot and started running.</summary>
    public long Admitted { get; internal set; }

    /// <summary>The model run ended.</summary>
    public long Ran { get; internal set; }

    /// <summary>The outputs were encoded.</summary>
    public long Encoded { get; internal set; }

    /// <summary>Batch rows the call ran with (its own rows when not batched).</summary>
    public long BatchRows { get; internal set; }
}
