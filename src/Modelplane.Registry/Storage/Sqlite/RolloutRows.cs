using System.Text.Json;
using Modelplane.Registry.Rollouts;

namespace Modelplane.Registry.Storage.Sqlite;

/// <summary>A <c>rollouts</c> row as Dapper reads it.</summary>
internal sealed class RolloutRow
{
    public const string Columns =
        "id AS Id, endpoint AS Endpoint, baseline_model AS BaselineModel, baseline_version AS BaselineVersion, canary_model AS CanaryModel, " +
        "canary_version AS CanaryVersion, steps AS Steps, bake_ms AS BakeMs, max_error_rate_delta AS MaxErrorRateDelta, " +
        "max_p95_latency_ratio AS MaxP95LatencyRatio, max_prediction_psi AS MaxPredictionPsi, min_requests AS MinRequests, state AS State, " +
        "step_index AS StepIndex, step_started_at AS StepStartedAt, created_at AS CreatedAt, updated_at AS UpdatedAt, created_by AS CreatedBy, reason AS Reason";

    public long Id { get; set; }
    public string Endpoint { get; set; } = "";
    public string BaselineModel { get; set; } = "";
    public long BaselineVersion { get; set; }
    public string CanaryModel { get; set; } = "";
    public long CanaryVersion { get; set; }
    public string Steps { get; set; } = "[]";
    public long BakeMs { get; set; }
    public double MaxErrorRateDelta { get; set; }
    public double MaxP95LatencyRatio { get; set; }
    public double MaxPredictionPsi { get; set; }
    public long MinRequests { get; set; }
    public string State { get; set; } = "";
    public long StepIndex { get; set; }
    public long StepStartedAt { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public string? Reason { get; set; }

    public static string StepsJson(IReadOnlyList<int> steps) => JsonSerializer.Serialize(steps, StorageJsonContext.Default.IReadOnlyListInt32);

    public Rollout ToRollout() => new(
        Id,
        Endpoint,
        BaselineModel,
        checked((int)BaselineVersion),
        CanaryModel,
        checked((int)CanaryVersion),
        new RolloutPlan(
            JsonSerializer.Deserialize(Steps, StorageJsonContext.Default.IReadOnlyListInt32) ?? [],
            TimeSpan.FromMilliseconds(BakeMs),
            MaxErrorRateDelta,
            MaxP95LatencyRatio,
            MaxPredictionPsi,
            checked((int)MinRequests)),
        RolloutStates.TryParse(State, out var state) ? state : throw new InvalidOperationException($"Rollout {Id} has an unknown state '{State}'."),
        checked((int)StepIndex),
        DateTimeOffset.FromUnixTimeMilliseconds(StepStartedAt),
        DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
        DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt),
        CreatedBy,
        Reason);
}

/// <summary>A <c>rollout_events</c> row as Dapper reads it.</summary>
internal sealed class RolloutEventRow
{
    public const string Columns =
        "sequence AS Sequence, rollout_id AS RolloutId, at AS At, actor AS Actor, kind AS Kind, from_desc AS FromDesc, to_desc AS ToDesc, " +
        "reason AS Reason, figures_json AS FiguresJson";

    public long Sequence { get; set; }
    public long RolloutId { get; set; }
    public long At { get; set; }
    public string Actor { get; set; } = "";
    public string Kind { get; set; } = "";
    public string? FromDesc { get; set; }
    public string? ToDesc { get; set; }
    public string Reason { get; set; } = "";
    public string? FiguresJson { get; set; }

    public RolloutEvent ToEvent() =>
        new(Sequence, RolloutId, DateTimeOffset.FromUnixTimeMilliseconds(At), Actor, Kind, FromDesc, ToDesc, Reason, FiguresJson);
}
