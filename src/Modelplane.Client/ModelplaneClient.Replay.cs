using Modelplane.Client.Contracts;

namespace Modelplane.Client;

public sealed partial class ModelplaneClient
{
    /// <summary>
    /// Re-runs an endpoint's logged inputs through another version offline and compares the answers
    /// (<c>POST /api/v1/endpoints/{name}/replay</c>); the replay touches neither live routing, metrics nor the log.
    /// </summary>
    public Task<ReplayReportDto> ReplayAsync(string endpoint, ReplayRequest request, CancellationToken ct = default)
        => SendJsonAsync(HttpMethod.Post, $"api/v1/endpoints/{Segment(endpoint)}/replay", request, Json.ReplayRequest, Json.ReplayReportDto, ct);
}
