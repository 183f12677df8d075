namespace Modelplane.Registry.Slos;

/// <summary>Endpoints' SLO objectives and the per-minute counts they are judged on.</summary>
public interface ISloStore
{
    /// <summary>Replaces the endpoint's objectives with <paramref name="objectives"/> (an empty list deletes them).</summary>
    /// <exception cref="Storage.ResourceNotFoundException">The endpoint does not exist.</exception>
    /// <exception cref="Models.RegistryValidationException">An objective is invalid (see <see cref="SloObjective.Problem"/>).</exception>
    Task<IReadOnlyList<SloObjective>> SetAsync(string endpoint, IReadOnlyList<SloObjective> objectives, string actor, CancellationToken ct);

    /// <summary>The objectives of one endpoint, or of every endpoint when <paramref name="endpoint"/> is null, by endpoint and objective.</summary>
    Task<IReadOnlyList<SloObjective>> ListAsync(string? endpoint, CancellationToken ct);

    /// <summary>Adds counts to what is stored for the same endpoint, objective, minute and node.</summary>
    Task AddCountsAsync(IReadOnlyList<SloMinuteCount> counts, CancellationToken ct);

    /// <summary>Replaces what is stored for the same endpoint, objective, minute and node (figures recomputed as labels arrive).</summary>
    Task SetCountsAsync(IReadOnlyList<SloMinuteCount> counts, CancellationToken ct);

    /// <summary>The sums of all nodes' counts from each of <paramref name="sinceMinutes"/> (inclusive) on, in the same order.</summary>
    Task<IReadOnlyList<SloCount>> CountAsync(string endpoint, string objective, IReadOnlyList<long> sinceMinutes, CancellationToken ct);

    /// <summary>Deletes counts of minutes before <paramref name="minute"/>; returns how many rows went.</summary>
    Task<int> DeleteCountsBeforeAsync(long minute, CancellationToken ct);
}
