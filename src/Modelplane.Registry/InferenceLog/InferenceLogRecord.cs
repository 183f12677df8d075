namespace Modelplane.Registry.InferenceLog;

/// <summary>One sampled prediction as served, kept so it can be debugged, replayed or scored against a label later.</summary>
/// <param name="RequestId">The request id the caller saw; ground-truth labels arrive later under this id.</param>
/// <param name="At">When the prediction was served; stored to the millisecond.</param>
/// <param name="Endpoint">The endpoint that answered.</param>
/// <param name="Model">The model of the version that answered.</param>
/// <param name="Version">The version that answered.</param>
/// <param name="Inputs">The request's inputs as JSON text, already redacted by the caller.</param>
/// <param name="Outputs">The outputs as JSON text, or null when the prediction failed.</param>
/// <param name="LatencyMs">Time spent serving the prediction, in milliseconds.</param>
/// <param name="Status">The HTTP status the caller got.</param>
/// <param name="Route">The routing decision that chose the version, e.g. <c>split</c>, <c>cascade</c>, <c>fallback</c>, <c>shadowed</c>.</param>
/// <param name="Caller">The principal's name, or null for an anonymous caller.</param>
public sealed record InferenceLogRecord(
    string RequestId,
    DateTimeOffset At,
    string Endpoint,
    string Model,
    int Version,
    string Inputs,
    string? Outputs,
    double LatencyMs,
    int Status,
    string Route,
    string? Caller);
