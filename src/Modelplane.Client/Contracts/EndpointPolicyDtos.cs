namespace Modelplane.Client.Contracts;

/// <summary>
/// What an endpoint does beside its split, and the body of <c>PUT /api/v1/endpoints/{name}/policies</c> (which replaces
/// all three: a part left out is switched off).
/// </summary>
/// <param name="Shadow">A challenger that gets a copy of a share of requests after the caller is answered.</param>
/// <param name="Cascade">A cheap version asked first; it answers when its top-class probability reaches the threshold.</param>
/// <param name="Fallback">The safe version that answers when the chosen one fails or times out.</param>
public sealed record EndpointPoliciesDto(ShadowPolicyDto? Shadow = null, CascadePolicyDto? Cascade = null, FallbackPolicyDto? Fallback = null);

/// <summary>A shadow: <see cref="Percent"/>% of requests are copied to <see cref="Model"/>@<see cref="Version"/>.</summary>
public sealed record ShadowPolicyDto(string Model, int Version, int Percent);

/// <summary>A cascade: <see cref="Model"/>@<see cref="Version"/> answers when its top-class probability is at least <see cref="Threshold"/>.</summary>
public sealed record CascadePolicyDto(string Model, int Version, double Threshold);

/// <summary>A fallback version.</summary>
public sealed record FallbackPolicyDto(string Model, int Version);

/// <summary>What the endpoint's policies did on the answering node since they took effect (live figures).</summary>
public sealed record PolicyStatsDto
{
    /// <summary>The shadow's agreement with the answers callers got; null without a shadow.</summary>
    public ShadowStatsDto? Shadow { get; init; }

    /// <summary>How many requests the cascade's cheap version answered and how many it escalated; null without a cascade.</summary>
    public CascadeStatsDto? Cascade { get; init; }

    /// <summary>Requests the fallback answered; null without a fallback.</summary>
    public long? FallbackUsed { get; init; }
}

/// <summary>Shadow figures: copies started, dropped (too many in flight), failed, compared; label exact-match rate and mean absolute score difference.</summary>
public sealed record ShadowStatsDto(long Mirrored, long Dropped, long Failed, long Compared, double? LabelMatchRate, double? MeanAbsoluteScoreDifference);

/// <summary>Cascade figures: requests the cheap version answered and escalated, and the escalated share (null before any request).</summary>
public sealed record CascadeStatsDto(long Answered, long Escalated, double? EscalatedShare);

/// <summary>
/// What an endpoint keeps in the inference log, and the body of <c>PUT /api/v1/endpoints/{name}/logging</c>.
/// </summary>
/// <param name="SampleRate">The share of requests logged, from 0 to 1 (0.01 = 1%).</param>
/// <param name="RetentionDays">How long records are kept, in days (fractions allowed).</param>
/// <param name="Redact">Input fields (tensor or column names) stored only as a keyed hash.</param>
public sealed record InferenceLoggingDto(double SampleRate, double RetentionDays, IReadOnlyList<string>? Redact = null)
{
    /// <summary>Value equality, the fields compared in order.</summary>
    public bool Equals(InferenceLoggingDto? other) =>
        other is not null && SampleRate.Equals(other.SampleRate) && RetentionDays.Equals(other.RetentionDays)
        && (Redact ?? []).SequenceEqual(other.Redact ?? []);

    public override int GetHashCode() => HashCode.Combine(SampleRate, RetentionDays, Redact?.Count ?? 0);
}
