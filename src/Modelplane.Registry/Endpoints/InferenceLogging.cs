namespace Modelplane.Registry.Endpoints;

/// <summary>What an endpoint keeps of its predictions in the inference log.</summary>
/// <param name="SampleRate">The share of requests logged, from 0 (none) to 1 (all).</param>
/// <param name="Retention">How long a logged record (and its label) is kept.</param>
/// <param name="Redact">Input fields (tensor or column names) stored only as a keyed hash.</param>
public sealed record InferenceLogging(double SampleRate, TimeSpan Retention, IReadOnlyList<string> Redact)
{
    /// <summary>The longest retention accepted: ten years.</summary>
    public static readonly TimeSpan MaxRetention = TimeSpan.FromDays(3650);

    /// <summary>The most fields one endpoint may redact.</summary>
    public const int MaxRedactedFields = 64;

    /// <summary>Null when the settings are valid, else what is wrong with them.</summary>
    public string? Problem() =>
        !(SampleRate is >= 0 and <= 1) ? $"sample rate is {SampleRate}; it is a share from 0 (nothing) to 1 (every request), e.g. 0.01 for 1%."
        : Retention <= TimeSpan.Zero || Retention > MaxRetention ? $"retention is {Retention}; it is more than 0 and at most 3650 days."
        : Redact.Count > MaxRedactedFields ? $"{Redact.Count} fields to redact; at most {MaxRedactedFields}."
        : Redact.FirstOrDefault(f => f.Length is 0 or > 128) is { } bad ? $"redacted field '{bad}' must be 1-128 characters (an input or column name)."
        : null;

    /// <summary>Value equality, the fields compared in order (a record would compare the list's reference).</summary>
    public bool Equals(InferenceLogging? other) =>
        other is not null && SampleRate.Equals(other.SampleRate) && Retention == other.Retention && Redact.SequenceEqual(other.Redact);

    public override int GetHashCode() => HashCode.Combine(SampleRate, Retention, Redact.Count);
}
