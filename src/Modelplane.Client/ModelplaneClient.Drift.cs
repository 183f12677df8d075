using System.Globalization;
using System.Text;
using Modelplane.Client.Contracts;

namespace Modelplane.Client;

public sealed partial class ModelplaneClient
{
    /// <summary>How an endpoint's traffic is watched for drift (<c>GET /api/v1/endpoints/{name}/monitoring</c>); the defaults until set.</summary>
    public Task<MonitoringSettingsDto> GetMonitoringAsync(string endpoint, CancellationToken ct = default)
        => GetAsync(MonitoringPath(endpoint), Json.MonitoringSettingsDto, ct);

    /// <summary>Changes an endpoint's monitoring settings; fields left null keep their value (<c>PUT /api/v1/endpoints/{name}/monitoring</c>).</summary>
    public Task<MonitoringSettingsDto> SetMonitoringAsync(string endpoint, SetMonitoringRequest request, CancellationToken ct = default)
        => SendJsonAsync(HttpMethod.Put, MonitoringPath(endpoint), request, Json.SetMonitoringRequest, Json.MonitoringSettingsDto, ct);

    /// <summary>
    /// An endpoint's drift version by version: the open window and the latest <paramref name="limit"/> closed windows, newest
    /// first, each feature with its bins (<c>GET /api/v1/endpoints/{name}/drift</c>).
    /// </summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="model">Only versions of this model (an endpoint can route to several); null for all.</param>
    /// <param name="version">Only this version; null for every version the endpoint serves or served.</param>
    /// <param name="limit">Closed windows per version; null for the server's default.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task<EndpointDriftDto> GetDriftAsync(string endpoint, string? model = null, int? version = null, int? limit = null, CancellationToken ct = default)
        => GetAsync(WindowQuery($"api/v1/endpoints/{Segment(endpoint)}/drift", model, version, limit), Json.EndpointDriftDto, ct);

    /// <summary>One closed window's drift report (<c>GET /api/v1/endpoints/{name}/drift/windows/{id}</c>).</summary>
    public Task<DriftWindowDto> GetDriftWindowAsync(string endpoint, long id, CancellationToken ct = default)
        => GetAsync($"api/v1/endpoints/{Segment(endpoint)}/drift/windows/{id.ToString(CultureInfo.InvariantCulture)}", Json.DriftWindowDto, ct);

    /// <summary>
    /// An endpoint's model quality per closed window, realised from labels and estimated from confidence
    /// (<c>GET /api/v1/endpoints/{name}/quality</c>); the filters are those of <see cref="GetDriftAsync"/>.
    /// </summary>
    public Task<EndpointQualityDto> GetQualityAsync(string endpoint, string? model = null, int? version = null, int? limit = null, CancellationToken ct = default)
        => GetAsync(WindowQuery($"api/v1/endpoints/{Segment(endpoint)}/quality", model, version, limit), Json.EndpointQualityDto, ct);

    /// <summary>Sets, or replaces, a model's retraining webhook (<c>PUT /api/v1/models/{name}/retraining</c>).</summary>
    public Task<RetrainingTriggerDto> SetRetrainingAsync(string model, SetRetrainingRequest request, CancellationToken ct = default)
        => SendJsonAsync(HttpMethod.Put, RetrainingPath(model), request, Json.SetRetrainingRequest, Json.RetrainingTriggerDto, ct);

    /// <summary>A model's retraining webhook with its firing history (<c>GET /api/v1/models/{name}/retraining</c>); 404 when it has none.</summary>
    public Task<RetrainingTriggerDto> GetRetrainingAsync(string model, CancellationToken ct = default)
        => GetAsync(RetrainingPath(model), Json.RetrainingTriggerDto, ct);

    /// <summary>Removes a model's retraining webhook (<c>DELETE /api/v1/models/{name}/retraining</c>).</summary>
    public Task DeleteRetrainingAsync(string model, CancellationToken ct = default)
        => SendWithoutResultAsync(HttpMethod.Delete, RetrainingPath(model), null, ct);

    private static string MonitoringPath(string endpoint) => $"api/v1/endpoints/{Segment(endpoint)}/monitoring";

    private static string RetrainingPath(string model) => $"api/v1/models/{Segment(model)}/retraining";

    private static string WindowQuery(string path, string? model, int? version, int? limit)
    {
        var query = new StringBuilder(path);
        Append(query, "model", model);
        Append(query, "version", version?.ToString(CultureInfo.InvariantCulture));
        Append(query, "limit", limit?.ToString(CultureInfo.InvariantCulture));
        return query.ToString();
    }
}
