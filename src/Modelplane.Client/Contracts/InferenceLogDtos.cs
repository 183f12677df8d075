using System.Text.Json;

namespace Modelplane.Client.Contracts;

/// <summary>One logged prediction: what came in (redacted fields as keyed hashes), what went out, and how it was served.</summary>
public sealed record InferenceLogRecordDto(
    string RequestId, DateTimeOffset At, string Model, int Version, JsonElement Inputs, JsonElement? Outputs, double LatencyMs, int Status, string Route)
{
    /// <summary>The caller's principal, or null for an anonymous caller.</summary>
    public string? Caller { get; init; }
}

/// <summary>One ground-truth label: the request id the prediction was logged under and its label (any JSON value).</summary>
public sealed record LabelDto(string RequestId, JsonElement Label);

/// <summary>Body of <c>POST /api/v1/endpoints/{name}/labels</c>: many labels, or one given by <see cref="RequestId"/> and <see cref="Label"/>.</summary>
public sealed record PostLabelsRequest(IReadOnlyList<LabelDto>? Labels = null)
{
    /// <summary>The request id of a single label.</summary>
    public string? RequestId { get; init; }

    /// <summary>The single label's value.</summary>
    public JsonElement? Label { get; init; }
}

/// <summary>What a labels post did: labels stored, and how many matched a logged prediction (the rest may match later).</summary>
public sealed record LabelResultDto(int Stored, int Matched, int Unmatched);
