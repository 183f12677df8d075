namespace Modelplane.Registry.Monitoring;

/// <summary>Monitoring settings of endpoints, their closed live windows, and models' retraining webhooks.</summary>
public interface IMonitoringStore
{
    /// <summary>The endpoint's settings as set, or null when it uses the defaults.</summary>
    Task<MonitoringSettings?> GetSettingsAsync(string endpoint, CancellationToken ct);

    /// <summary>Sets the endpoint's settings.</summary>
    /// <exception cref="Models.RegistryValidationException">The settings are invalid.</exception>
    /// <exception cref="Storage.ResourceNotFoundException">The endpoint does not exist.</exception>
    Task<MonitoringSettings> SetSettingsAsync(string endpoint, MonitoringSettings settings, string actor, CancellationToken ct);

    /// <summary>Stores closed windows in one commit; returns them, in order, with their ids.</summary>
    Task<IReadOnlyList<MonitoringWindow>> AddWindowsAsync(IReadOnlyList<MonitoringWindow> windows, CancellationToken ct);

    /// <summary>The endpoint's windows, newest first, of one version when given.</summary>
    Task<IReadOnlyList<MonitoringWindow>> ListWindowsAsync(string endpoint, string? model, int? version, int limit, CancellationToken ct);

    /// <summary>One window of the endpoint, or null.</summary>
    Task<MonitoringWindow?> GetWindowAsync(string endpoint, long id, CancellationToken ct);

    /// <summary>Retention: deletes windows that ended before <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> DeleteWindowsBeforeAsync(DateTimeOffset cutoff, CancellationToken ct);

    /// <summary>Sets (or replaces) a model's retraining webhook.</summary>
    Task<RetrainingTrigger> SetRetrainingAsync(string model, Uri url, string? secret, TimeSpan cooldown, string actor, CancellationToken ct);

    /// <summary>The model's retraining webhook, or null.</summary>
    Task<RetrainingTrigger?> GetRetrainingAsync(string model, CancellationToken ct);

    /// <summary>Removes the model's retraining webhook; false when it had none.</summary>
    Task<bool> DeleteRetrainingAsync(string model, CancellationToken ct);

    /// <summary>
    /// Claims the right to fire the model's webhook at <paramref name="now"/>: true (and recorded as fired) when its
    /// cooldown has passed since the last firing, false when not or when the model has no webhook.
    /// </summary>
    Task<bool> TryClaimRetrainingAsync(string model, DateTimeOffset now, CancellationToken ct);

    /// <summary>Records how the last firing went (null failure: it succeeded).</summary>
    Task RecordRetrainingResultAsync(string model, string? failure, CancellationToken ct);
}
