namespace Modelplane.Registry.Slos;

/// <summary>Burn-rate alerts and their routing: the alerts' state, webhook receivers and silences.</summary>
public interface IAlertStore
{
    /// <summary>Alerts newest first: <c>firing</c>, <c>resolved</c>, or all when <paramref name="state"/> is null.</summary>
    Task<IReadOnlyList<SloAlert>> ListAlertsAsync(string? state, int limit, CancellationToken ct);

    /// <summary>Records a newly firing alert (its <see cref="SloAlert.Id"/> is ignored) and returns it as stored.</summary>
    Task<SloAlert> OpenAlertAsync(SloAlert alert, CancellationToken ct);

    /// <summary>Stores an alert's latest figures, state (resolving it), and notification time.</summary>
    Task UpdateAlertAsync(SloAlert alert, CancellationToken ct);

    /// <summary>Adds a receiver, or replaces the one with the same name.</summary>
    Task<AlertReceiver> SetReceiverAsync(string name, Uri url, string? secret, string actor, CancellationToken ct);

    /// <summary>Every receiver by name.</summary>
    Task<IReadOnlyList<AlertReceiver>> ListReceiversAsync(CancellationToken ct);

    /// <summary>Deletes a receiver; false when there was none of that name.</summary>
    Task<bool> DeleteReceiverAsync(string name, CancellationToken ct);

    /// <summary>Counts one delivery to a receiver: accepted, or failed with <paramref name="failure"/>.</summary>
    Task RecordDeliveryAsync(string name, bool delivered, string? failure, CancellationToken ct);

    /// <summary>Adds a silence and returns it with its id.</summary>
    Task<AlertSilence> AddSilenceAsync(string? endpoint, DateTimeOffset startsAt, DateTimeOffset endsAt, string comment, string actor, CancellationToken ct);

    /// <summary>Silences that have not ended at <paramref name="now"/> (all of them with <paramref name="includeExpired"/>), newest first.</summary>
    Task<IReadOnlyList<AlertSilence>> ListSilencesAsync(DateTimeOffset now, bool includeExpired, CancellationToken ct);

    /// <summary>Ends a silence now by deleting it; false when there was none with that id.</summary>
    Task<bool> DeleteSilenceAsync(long id, CancellationToken ct);
}
