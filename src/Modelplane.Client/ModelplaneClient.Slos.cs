using Modelplane.Client.Contracts;

namespace Modelplane.Client;

public sealed partial class ModelplaneClient
{
    /// <summary>Sets an endpoint's SLO objectives (<c>PUT /api/v1/endpoints/{name}/slo</c>); objectives left out are removed.</summary>
    public Task<SloDto> SetSloAsync(string endpoint, SetSloRequest slo, CancellationToken ct = default)
        => SendJsonAsync(HttpMethod.Put, SloPath(endpoint), slo, Json.SetSloRequest, Json.SloDto, ct);

    /// <summary>An endpoint's SLO objectives (<c>GET /api/v1/endpoints/{name}/slo</c>); 404 when it has none.</summary>
    public Task<SloDto> GetSloAsync(string endpoint, CancellationToken ct = default) => GetAsync(SloPath(endpoint), Json.SloDto, ct);

    /// <summary>Removes an endpoint's SLO (<c>DELETE /api/v1/endpoints/{name}/slo</c>); its firing alerts resolve at the next evaluation.</summary>
    public Task DeleteSloAsync(string endpoint, CancellationToken ct = default) => SendWithoutResultAsync(HttpMethod.Delete, SloPath(endpoint), null, ct);

    /// <summary>How every objective stands now: SLI, budget left, burn rates and firing alerts (<c>GET /api/v1/slos</c>).</summary>
    public Task<IReadOnlyList<SloStatusDto>> GetSloStatusAsync(string? endpoint = null, CancellationToken ct = default)
        => GetAsync(endpoint is null ? "api/v1/slos" : $"api/v1/slos?endpoint={Uri.EscapeDataString(endpoint)}", Json.IReadOnlyListSloStatusDto, ct);

    /// <summary>Burn-rate alerts, newest first: <c>firing</c> (the default), <c>resolved</c> or <c>all</c> (<c>GET /api/v1/alerts</c>).</summary>
    public Task<IReadOnlyList<AlertDto>> ListAlertsAsync(string state = "firing", CancellationToken ct = default)
        => GetAsync($"api/v1/alerts?state={Uri.EscapeDataString(state)}", Json.IReadOnlyListAlertDto, ct);

    /// <summary>Adds a webhook receiver, or replaces the one with the same name (<c>POST /api/v1/alerts/receivers</c>).</summary>
    public Task<AlertReceiverDto> SetAlertReceiverAsync(SetAlertReceiverRequest receiver, CancellationToken ct = default)
        => SendJsonAsync(HttpMethod.Post, "api/v1/alerts/receivers", receiver, Json.SetAlertReceiverRequest, Json.AlertReceiverDto, ct);

    /// <summary>Every webhook receiver with its delivery figures (<c>GET /api/v1/alerts/receivers</c>).</summary>
    public Task<IReadOnlyList<AlertReceiverDto>> ListAlertReceiversAsync(CancellationToken ct = default)
        => GetAsync("api/v1/alerts/receivers", Json.IReadOnlyListAlertReceiverDto, ct);

    /// <summary>Removes a webhook receiver (<c>DELETE /api/v1/alerts/receivers/{name}</c>).</summary>
    public Task DeleteAlertReceiverAsync(string name, CancellationToken ct = default)
        => SendWithoutResultAsync(HttpMethod.Delete, $"api/v1/alerts/receivers/{Segment(name)}", null, ct);

    /// <summary>Silences an endpoint's alerts (all endpoints' when null) for a while (<c>POST /api/v1/alerts/silences</c>).</summary>
    public Task<AlertSilenceDto> SilenceAlertsAsync(CreateAlertSilenceRequest silence, CancellationToken ct = default)
        => SendJsonAsync(HttpMethod.Post, "api/v1/alerts/silences", silence, Json.CreateAlertSilenceRequest, Json.AlertSilenceDto, ct);

    /// <summary>Silences in effect or still to come (<c>GET /api/v1/alerts/silences</c>).</summary>
    public Task<IReadOnlyList<AlertSilenceDto>> ListSilencesAsync(CancellationToken ct = default)
        => GetAsync("api/v1/alerts/silences", Json.IReadOnlyListAlertSilenceDto, ct);

    /// <summary>Ends a silence now (<c>DELETE /api/v1/alerts/silences/{id}</c>).</summary>
    public Task DeleteSilenceAsync(long id, CancellationToken ct = default)
        => SendWithoutResultAsync(HttpMethod.Delete, $"api/v1/alerts/silences/{id.ToString(System.Globalization.CultureInfo.InvariantCulture)}", null, ct);

    private static string SloPath(string endpoint) => $"api/v1/endpoints/{Segment(endpoint)}/slo";
}
