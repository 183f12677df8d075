using Modelplane.Client.Contracts;

namespace Modelplane.Client;

public sealed partial class ModelplaneClient
{
    /// <summary>Creates endpoint <paramref name="name"/> serving <paramref name="model"/> at <paramref name="version"/> (<c>POST /api/v1/endpoints</c>).</summary>
    /// <remarks>The server answers 409 when the endpoint exists and 404 when the model or version is unknown.</remarks>
    public Task<EndpointDto> CreateEndpointAsync(string name, string model, int version, CancellationToken ct = default)
        => SendJsonAsync(HttpMethod.Post, "api/v1/endpoints", new CreateEndpointRequest(name, model, version), Json.CreateEndpointRequest, Json.EndpointDto, ct);

    /// <summary>Lists every endpoint (<c>GET /api/v1/endpoints</c>).</summary>
    public Task<IReadOnlyList<EndpointDto>> ListEndpointsAsync(CancellationToken ct = default)
        => GetAsync("api/v1/endpoints", Json.IReadOnlyListEndpointDto, ct);

    /// <summary>Gets one endpoint (<c>GET /api/v1/endpoints/{name}</c>).</summary>
    public Task<EndpointDto> GetEndpointAsync(string name, CancellationToken ct = default)
        => GetAsync($"api/v1/endpoints/{Segment(name)}", Json.EndpointDto, ct);

    /// <summary>Points an existing endpoint at another model version (<c>PUT /api/v1/endpoints/{name}</c>).</summary>
    public Task<EndpointDto> SetEndpointTargetAsync(string name, string model, int version, CancellationToken ct = default)
        => SendJsonAsync(HttpMethod.Put, $"api/v1/endpoints/{Segment(name)}", new SetEndpointTargetRequest(model, version), Json.SetEndpointTargetRequest, Json.EndpointDto, ct);

    /// <summary>Creates an endpoint in a given state: <c>sandbox</c> or <c>live</c> (<c>POST /api/v1/endpoints</c>).</summary>
    public Task<EndpointDto> CreateEndpointAsync(string name, string model, int version, string state, CancellationToken ct = default)
        => SendJsonAsync(HttpMethod.Post, "api/v1/endpoints", new CreateEndpointRequest(name, model, version) { State = state }, Json.CreateEndpointRequest, Json.EndpointDto, ct);

    /// <summary>Makes an endpoint live or returns it to the sandbox (<c>PUT /api/v1/endpoints/{name}/state</c>; deployer).</summary>
    public Task<EndpointDto> SetEndpointStateAsync(string name, string state, CancellationToken ct = default)
        => SendJsonAsync(HttpMethod.Put, $"api/v1/endpoints/{Segment(name)}/state", new SetEndpointStateRequest(state), Json.SetEndpointStateRequest, Json.EndpointDto, ct);

    /// <summary>Opens a live endpoint to callers without a token, or closes it (<c>PUT /api/v1/endpoints/{name}/anonymous-predictions</c>; admin).</summary>
    public Task<EndpointDto> SetAnonymousPredictionsAsync(string name, bool allowed, CancellationToken ct = default)
        => SendJsonAsync(
            HttpMethod.Put, $"api/v1/endpoints/{Segment(name)}/anonymous-predictions", new SetAnonymousPredictionsRequest(allowed), Json.SetAnonymousPredictionsRequest, Json.EndpointDto, ct);

    /// <summary>Splits an endpoint's requests across versions by weight, optionally sticky by a header (<c>PUT /api/v1/endpoints/{name}/traffic</c>; deployer).</summary>
    public Task<EndpointDto> SetTrafficAsync(string name, SetTrafficRequest request, CancellationToken ct = default)
        => SendJsonAsync(HttpMethod.Put, $"api/v1/endpoints/{Segment(name)}/traffic", request, Json.SetTrafficRequest, Json.EndpointDto, ct);

    /// <summary>Replaces an endpoint's shadow, cascade and fallback; a part left null is switched off (<c>PUT /api/v1/endpoints/{name}/policies</c>; deployer).</summary>
    public Task<EndpointDto> SetEndpointPoliciesAsync(string name, EndpointPoliciesDto policies, CancellationToken ct = default)
        => SendJsonAsync(HttpMethod.Put, $"api/v1/endpoints/{Segment(name)}/policies", policies, Json.EndpointPoliciesDto, Json.EndpointDto, ct);

    /// <summary>Sets what an endpoint keeps in the inference log (<c>PUT /api/v1/endpoints/{name}/logging</c>; deployer); <c>DELETE</c> stops it.</summary>
    public Task<EndpointDto> SetEndpointLoggingAsync(string name, InferenceLoggingDto logging, CancellationToken ct = default)
        => SendJsonAsync(HttpMethod.Put, $"api/v1/endpoints/{Segment(name)}/logging", logging, Json.InferenceLoggingDto, Json.EndpointDto, ct);

    /// <summary>Stops logging an endpoint's predictions (<c>DELETE /api/v1/endpoints/{name}/logging</c>; deployer); what was logged stays until its retention.</summary>
    public Task<EndpointDto> StopEndpointLoggingAsync(string name, CancellationToken ct = default)
        => SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"api/v1/endpoints/{Segment(name)}/logging"), Json.EndpointDto, ct);

    /// <summary>Sets an endpoint's rate limits in requests per second, in all and per caller; null removes one (<c>PUT /api/v1/endpoints/{name}/rate-limits</c>; deployer).</summary>
    public Task<EndpointDto> SetRateLimitsAsync(string name, int? perSecond, int? perCallerPerSecond, CancellationToken ct = default)
        => SendJsonAsync(
            HttpMethod.Put, $"api/v1/endpoints/{Segment(name)}/rate-limits", new SetRateLimitsRequest(perSecond, perCallerPerSecond), Json.SetRateLimitsRequest, Json.EndpointDto, ct);
}
