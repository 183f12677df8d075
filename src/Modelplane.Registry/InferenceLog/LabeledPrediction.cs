namespace Modelplane.Registry.InferenceLog;

/// <summary>A logged prediction with the ground truth later given for its request: the input of quality monitoring.</summary>
/// <param name="Record">The prediction as logged.</param>
/// <param name="Label">The label as JSON text.</param>
/// <param name="LabeledAt">When the outcome was observed (the label's own time, not when it was sent).</param>
public sealed record LabeledPrediction(InferenceLogRecord Record, string Label, DateTimeOffset LabeledAt);
