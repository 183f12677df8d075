namespace Modelplane.Registry.InferenceLog;

/// <summary>
/// A prediction on its way into the log, with its inputs and outputs as the UTF-8 JSON text to store: the writer's
/// shape of an <see cref="InferenceLogRecord"/>, so that text never becomes a string only to be encoded back.
/// </summary>
/// <param name="RequestId">The request id the caller saw.</param>
/// <param name="At">When the prediction was served; stored to the millisecond.</param>
/// <param name="Endpoint">The endpoint that answered.</param>
/// <param name="Model">The model of the version that answered.</param>
/// <param name="Version">The version that answered.</param>
/// <param name="Inputs">The request's inputs as valid UTF-8 JSON text, already redacted; read only during the append.</param>
/// <param name="Outputs">The outputs as valid UTF-8 JSON text, or null when the prediction failed; read only during the append.</param>
/// <param name="LatencyMs">Time spent serving the prediction, in milliseconds.</param>
/// <param name="Status">The HTTP status the caller got.</param>
/// <param name="Route">The routing decision that chose the version.</param>
/// <param name="Caller">The principal's name, or null for an anonymous caller.</param>
public readonly record struct InferenceLogEntry(
    string RequestId,
    DateTimeOffset At,
    string Endpoint,
    string Model,
    int Version,
    ReadOnlyMemory<byte> Inputs,
    ReadOnlyMemory<byte>? Outputs,
    double LatencyMs,
    int Status,
    string Route,
    string? Caller);
