using Modelplane.Client.Contracts;

namespace Modelplane.Client;

public sealed partial class ModelplaneClient
{
    /// <summary>Starts moving an endpoint to another version step by step (<c>POST /api/v1/endpoints/{name}/rollout</c>; deployer).</summary>
    public Task<RolloutDto> StartRolloutAsync(string endpoint, StartRolloutRequest request, CancellationToken ct = default)
        => SendJsonAsync(HttpMethod.Post, $"api/v1/endpoints/{Segment(endpoint)}/rollout", request, Json.StartRolloutRequest, Json.RolloutDto, ct);

    /// <summary>The endpoint's active or last rollout with its history (<c>GET /api/v1/endpoints/{name}/rollout</c>).</summary>
    public Task<RolloutDto> GetRolloutAsync(string endpoint, CancellationToken ct = default)
        => GetAsync($"api/v1/endpoints/{Segment(endpoint)}/rollout", Json.RolloutDto, ct);

    /// <summary>Pauses, resumes, promotes or aborts the endpoint's active rollout (<c>POST /api/v1/endpoints/{name}/rollout/{action}</c>; deployer).</summary>
    public Task<RolloutDto> ActOnRolloutAsync(string endpoint, string action, CancellationToken ct = default)
        => SendAsync(new HttpRequestMessage(HttpMethod.Post, $"api/v1/endpoints/{Segment(endpoint)}/rollout/{Segment(action)}"), Json.RolloutDto, ct);

    /// <summary>Returns the endpoint to its last stable version at once (<c>POST /api/v1/endpoints/{name}/rollback</c>; deployer).</summary>
    public Task<RolloutDto> RollbackAsync(string endpoint, CancellationToken ct = default)
        => SendAsync(new HttpRequestMessage(HttpMethod.Post, $"api/v1/endpoints/{Segment(endpoint)}/rollback"), Json.RolloutDto, ct);
}
