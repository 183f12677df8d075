using System.Globalization;
using System.Text.Json;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Registry.Models;
using Modelplane.Registry.Monitoring;
using Modelplane.Registry.Slos;
using Modelplane.Server.Rollouts;
using Modelplane.Server.Slos;

namespace Modelplane.Server.Monitoring;

/// <summary>
/// Fires a model's retraining webhook when one of its versions drifts for good or breaches its quality objective: at
/// most once per cooldown (claimed in the store, so replicas agree), with the model, version, training-data lineage
/// and where to download the live window's requests. Delivered like alert notifications (retries, HMAC signature).
/// </summary>
internal sealed partial class RetrainingTriggers(
    IMonitoringStore store, IModelStore models, AlertDelivery delivery, AlertLinks links, WorkspaceScope workspace, TimeProvider time, ILogger<RetrainingTriggers> logger)
{
    /// <summary>Fires the webhook of the detail's model unless it has none or its cooldown has not passed.</summary>
    /// <returns>True when the webhook was called (whether or not it accepted).</returns>
    public async Task<bool> FireAsync(string endpoint, string kind, MonitoringAlertDetailDto detail, CancellationToken ct)
    {
        if (await store.GetRetrainingAsync(detail.Model, ct).ConfigureAwait(false) is not { } trigger
            || !await store.TryClaimRetrainingAsync(detail.Model, time.GetUtcNow(), ct).ConfigureAwait(false))
        {
            return false;
        }

        var version = await models.GetVersionAsync(detail.Model, detail.Version, ct).ConfigureAwait(false);
        var request = new RetrainingRequestDto(
            workspace.Name, detail.Model, detail.Version, endpoint, kind, detail.Summary,
            new TrainingDataDto(version?.Lineage.DatasetUri, version?.Lineage.DatasetSha256, detail.ReferenceDataDigest, version?.Lineage.RunId), detail.Window, ExportUrl(endpoint, detail), detail.Lineage);
        var body = JsonSerializer.SerializeToUtf8Bytes(request, ModelplaneJson.Context.RetrainingRequestDto);
        var receiver = new AlertReceiver($"retraining:{detail.Model}", trigger.Url, trigger.Secret, trigger.CreatedAt, trigger.CreatedBy, 0, 0, null, null);
        var failure = await delivery.SendAsync(workspace.Name, receiver, body, ct).ConfigureAwait(false);
        await store.RecordRetrainingResultAsync(detail.Model, failure, ct).ConfigureAwait(false);
        if (failure is not null)
        {
            LogFailed(logger, detail.Model, failure);
        }

        return true;
    }

    private string ExportUrl(string endpoint, MonitoringAlertDetailDto detail) => links.Url(string.Create(
        CultureInfo.InvariantCulture,
        $"/api/v1/endpoints/{Uri.EscapeDataString(endpoint)}/logs?model={Uri.EscapeDataString(detail.Model)}&version={detail.Version}"
        + $"&since={Uri.EscapeDataString(detail.Window.StartedAt.ToString("O", CultureInfo.InvariantCulture))}"
        + $"&until={Uri.EscapeDataString(detail.Window.EndedAt.ToString("O", CultureInfo.InvariantCulture))}&format=parquet&limit=100000"));

    [LoggerMessage(Level = LogLevel.Warning, Message = "The retraining webhook of model {Model} did not accept the request: {Failure}")]
    private static partial void LogFailed(ILogger logger, string model, string failure);
}
