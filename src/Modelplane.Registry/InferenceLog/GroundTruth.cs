namespace Modelplane.Registry.InferenceLog;

/// <summary>The true outcome of one request, learnt after the prediction (a churn that happened, a fraud that was confirmed).</summary>
/// <param name="RequestId">The request id of the prediction it labels; it may not be logged yet, or ever.</param>
/// <param name="Label">The label as JSON text: a number, a string, an array…</param>
/// <param name="At">When the outcome was observed.</param>
public sealed record GroundTruth(string RequestId, string Label, DateTimeOffset At);

/// <summary>What a batch of labels did: every label is stored; matched ones already have a logged prediction.</summary>
/// <param name="Stored">Labels written (new or replacing an earlier label for the same request).</param>
/// <param name="Matched">Stored labels whose request is in the log now.</param>
/// <param name="Unmatched">Stored labels whose request is not (yet) in the log; they join when it arrives.</param>
public sealed record LabelResult(int Stored, int Matched, int Unmatched);
