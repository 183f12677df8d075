namespace Modelplane.Client.Contracts;

/// <summary>
/// Body of <c>POST /api/v1/endpoints/{name}/replay</c>: run the endpoint's logged inputs through <see cref="To"/> offline
/// and compare its answers with the logged ones.
/// </summary>
/// <param name="To">The version to replay through: <c>MODEL@VERSION</c> or <c>MODEL@ALIAS</c>.</param>
public sealed record ReplayRequest(string To)
{
    /// <summary>From: a duration back from now (<c>30m</c>, <c>2h</c>, <c>7d</c>) or an ISO-8601 time, as the logs API takes it; all logged records when null.</summary>
    public string? Since { get; init; }

    /// <summary>To (exclusive): the same forms as <see cref="Since"/>; now when null.</summary>
    public string? Until { get; init; }

    /// <summary>Only records served by this version of the endpoint.</summary>
    public int? Version { get; init; }

    /// <summary>At most this many records, newest first: 1 to 10000; default 1000.</summary>
    public int? Limit { get; init; }

    /// <summary>How many of the rows that differ most the report lists: 0 to 1000; default 10.</summary>
    public int? Top { get; init; }
}

/// <summary>What a replay found: how many records it read, replayed, failed on and skipped, and how the answers compare.</summary>
/// <param name="Endpoint">The endpoint whose log was replayed.</param>
/// <param name="To">The version replayed through, as <c>model@version</c>.</param>
/// <param name="Read">Logged records in the range.</param>
/// <param name="Replayed">Records the target answered.</param>
/// <param name="Failed">Records the target refused or failed on.</param>
/// <param name="Skipped">Records whose inputs cannot be replayed or whose logged answer cannot be compared (see <see cref="SkippedBy"/>).</param>
public sealed record ReplayReportDto(string Endpoint, string To, int Read, int Replayed, int Failed, int Skipped)
{
    /// <summary>The start of the range read (inclusive), or null for the whole log.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>The end of the range read (exclusive), or null for up to now.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Only records served by this version were read, when set.</summary>
    public int? Version { get; init; }

    /// <summary>The first error the target gave, when <see cref="Failed"/> is more than 0.</summary>
    public string? FirstError { get; init; }

    /// <summary>Skipped records per reason, e.g. <c>redacted-input</c>, <c>failed-status</c>.</summary>
    public IReadOnlyList<ReplaySkipDto> SkippedBy { get; init; } = [];

    /// <summary>Share of compared class labels (one per row for a classifier) equal in both answers; null without label outputs.</summary>
    public double? LabelAgreement { get; init; }

    /// <summary>Mean absolute difference of the scores (first floating-point output) over every compared element; null without scores.</summary>
    public double? MeanAbsoluteScoreDifference { get; init; }

    /// <summary>Largest absolute difference of one score; null without scores.</summary>
    public double? MaxAbsoluteScoreDifference { get; init; }

    /// <summary>The replayed records that differ most: label disagreements first, then the largest mean score difference.</summary>
    public IReadOnlyList<ReplayRowDto> Top { get; init; } = [];

    /// <summary>Value equality, the lists compared element by element.</summary>
    public bool Equals(ReplayReportDto? other) =>
        other is not null && Endpoint == other.Endpoint && To == other.To && Read == other.Read && Replayed == other.Replayed
        && Failed == other.Failed && Skipped == other.Skipped && Since == other.Since && Until == other.Until && Version == other.Version
        && FirstError == other.FirstError && SkippedBy.SequenceEqual(other.SkippedBy) && LabelAgreement == other.LabelAgreement
        && MeanAbsoluteScoreDifference == other.MeanAbsoluteScoreDifference && MaxAbsoluteScoreDifference == other.MaxAbsoluteScoreDifference
        && Top.SequenceEqual(other.Top);

    public override int GetHashCode() => HashCode.Combine(Endpoint, To, Read, Replayed, Failed, Skipped);
}

/// <summary>How many records were skipped for one reason.</summary>
public sealed record ReplaySkipDto(string Reason, int Count);

/// <summary>One replayed record and how far the target's answer is from the logged one.</summary>
/// <param name="RequestId">The logged request id.</param>
/// <param name="At">When the logged prediction was served.</param>
/// <param name="ServedBy">The version that served it, as <c>model@version</c>.</param>
/// <param name="Logged">A short summary of the logged answer (labels and scores).</param>
/// <param name="Replayed">The same summary of the target's answer.</param>
/// <param name="Difference">The mean absolute score difference; without scores, the share of labels that differ.</param>
/// <param name="LabelsAgree">Whether every compared label is equal; null without label outputs.</param>
public sealed record ReplayRowDto(string RequestId, DateTimeOffset At, string ServedBy, string Logged, string Replayed, double Difference, bool? LabelsAgree);
