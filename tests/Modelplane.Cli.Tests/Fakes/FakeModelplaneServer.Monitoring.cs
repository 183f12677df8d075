using System.Globalization;
using System.Net;
using System.Text.Json;
using Modelplane.Client.Contracts;

namespace Modelplane.Cli.Tests.Fakes;

internal sealed partial class FakeModelplaneServer
{
    private readonly Dictionary<string, MonitoringSettingsDto> _monitoring = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RetrainingTriggerDto> _retraining = new(StringComparer.Ordinal);

    /// <summary>What <c>GET /api/v1/endpoints/{name}/drift</c> answers, by endpoint; the fake filters by model and version and keeps <c>limit</c> windows.</summary>
    public Dictionary<string, EndpointDriftDto> Drift { get; } = new(StringComparer.Ordinal);

    /// <summary>What <c>GET /api/v1/endpoints/{name}/quality</c> answers, by endpoint.</summary>
    public Dictionary<string, EndpointQualityDto> Quality { get; } = new(StringComparer.Ordinal);

    /// <summary>The settings an endpoint has before any <c>PUT</c>, as the server's defaults.</summary>
    public static MonitoringSettingsDto DefaultMonitoring(string endpoint)
        => new(endpoint, true, 1000, "1h", 3, new DriftThresholdsDto(0.1, 0.25, 0.05, 0.05, 0.1, 100), null, null);

    /// <summary>Registers a version and an endpoint serving it, as earlier pushes and <c>endpoints create</c> would have.</summary>
    public void AddEndpoint(string name, string model)
    {
        var version = AddVersion(model, [1, 2, 3]);
        _endpoints[name] = new EndpointDto(name, model, version.Version, Created, Created);
    }

    private HttpResponseMessage HandleMonitoring(string method, string endpoint, string[] rest, ILookup<string, string> query, byte[] body)
    {
        if (!_endpoints.ContainsKey(endpoint) && !Drift.ContainsKey(endpoint) && !Quality.ContainsKey(endpoint))
        {
            return Error(HttpStatusCode.NotFound, $"Endpoint '{endpoint}' does not exist.");
        }

        return (method, rest) switch
        {
            ("GET", ["monitoring"]) => Ok(_monitoring.GetValueOrDefault(endpoint) ?? DefaultMonitoring(endpoint), Json.MonitoringSettingsDto),
            ("PUT", ["monitoring"]) => SetMonitoring(endpoint, JsonSerializer.Deserialize(body, Json.SetMonitoringRequest)!),
            ("GET", ["drift"]) => Drift.TryGetValue(endpoint, out var drift)
                ? Ok(Filter(drift, query), Json.EndpointDriftDto)
                : Error(HttpStatusCode.NotFound, $"Endpoint '{endpoint}' has no drift yet."),
            ("GET", ["drift", "windows", var id]) => Drift.GetValueOrDefault(endpoint)?.Versions.SelectMany(v => v.Windows).FirstOrDefault(w => $"{w.Id}" == id) is { } window
                ? Ok(window, Json.DriftWindowDto)
                : Error(HttpStatusCode.NotFound, $"Window {id} of endpoint '{endpoint}' does not exist."),
            ("GET", ["quality"]) => Quality.TryGetValue(endpoint, out var quality)
                ? Ok(quality, Json.EndpointQualityDto)
                : Error(HttpStatusCode.NotFound, $"Endpoint '{endpoint}' has no quality yet."),
            _ => Error(HttpStatusCode.NotFound, $"No monitoring route {method} {string.Join('/', rest)}."),
        };
    }

    // The server's semantics: a missing field keeps its value, the clear flags remove one way of closing windows.
    private HttpResponseMessage SetMonitoring(string endpoint, SetMonitoringRequest request)
    {
        if (request.WindowRows is < 1)
        {
            return Error(HttpStatusCode.BadRequest, $"windowRows is {request.WindowRows}; it must be at least 1.");
        }

        var current = _monitoring.GetValueOrDefault(endpoint) ?? DefaultMonitoring(endpoint);
        var updated = _monitoring[endpoint] = current with
        {
            Enabled = request.Enabled ?? current.Enabled,
            WindowRows = request.ClearWindowRows ? null : request.WindowRows ?? current.WindowRows,
            WindowDuration = request.ClearWindowDuration ? null : request.WindowDuration ?? current.WindowDuration,
            ConsecutiveWindows = request.ConsecutiveWindows ?? current.ConsecutiveWindows,
            Thresholds = request.Thresholds ?? current.Thresholds,
            UpdatedAt = Created,
            UpdatedBy = "admin",
        };
        return Ok(updated, Json.MonitoringSettingsDto);
    }

    private static EndpointDriftDto Filter(EndpointDriftDto drift, ILookup<string, string> query)
    {
        var model = query["model"].FirstOrDefault();
        var version = query["version"].FirstOrDefault();
        var limit = query["limit"].FirstOrDefault() is { } l ? int.Parse(l, CultureInfo.InvariantCulture) : int.MaxValue;
        return drift with
        {
            Versions = [.. drift.Versions
                .Where(v => (model is null || v.Model == model) && (version is null || $"{v.Version}" == version))
                .Select(v => v with { Windows = [.. v.Windows.Take(limit)] })],
        };
    }

    private HttpResponseMessage HandleRetraining(string method, string model, byte[] body)
    {
        if (!_models.ContainsKey(model))
        {
            return Error(HttpStatusCode.NotFound, $"Model '{model}' does not exist.");
        }

        switch (method)
        {
            case "PUT":
                var request = JsonSerializer.Deserialize(body, Json.SetRetrainingRequest)!;
                var trigger = _retraining[model] = new RetrainingTriggerDto(model, request.Url, request.Secret is not null, request.Cooldown ?? "1d", null, null, 0, Created, "admin");
                return Ok(trigger, Json.RetrainingTriggerDto);
            case "GET":
                return _retraining.TryGetValue(model, out var found) ? Ok(found, Json.RetrainingTriggerDto) : Error(HttpStatusCode.NotFound, $"Model '{model}' has no retraining webhook.");
            case "DELETE":
                return _retraining.Remove(model) ? new HttpResponseMessage(HttpStatusCode.NoContent) : Error(HttpStatusCode.NotFound, $"Model '{model}' has no retraining webhook.");
            default:
                return Error(HttpStatusCode.MethodNotAllowed, $"{method} is not allowed here.");
        }
    }
}
