using System.Net.Http.Headers;
using System.Text.Json;
using Modelplane.Client.Contracts;

namespace Modelplane.Client;

public sealed partial class ModelplaneClient
{
    /// <summary>Gets the Open Inference Protocol metadata (inputs, outputs) of an endpoint or model (<c>GET /v2/models/{name}</c>).</summary>
    public Task<OipModelMetadata> GetModelMetadataAsync(string name, CancellationToken ct = default)
        => GetAsync($"v2/models/{Segment(name)}", Json.OipModelMetadata, ct);

    /// <summary>Runs an inference (<c>POST /v2/models/{name}/infer</c>) with a request that is already Open Inference Protocol JSON.</summary>
    /// <returns>The server's response JSON, unchanged.</returns>
    public Task<JsonElement> InferAsync(string name, JsonElement request, CancellationToken ct = default)
        => InferAsync(name, JsonSerializer.SerializeToUtf8Bytes(request, Json.JsonElement), ct);

    /// <summary>Runs an inference with a request given as UTF-8 Open Inference Protocol JSON bytes.</summary>
    /// <returns>The server's response JSON, unchanged.</returns>
    public async Task<JsonElement> InferAsync(string name, ReadOnlyMemory<byte> requestJson, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v2/models/{Segment(name)}/infer")
        {
            Content = new ReadOnlyMemoryContent(requestJson),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await SendAsync(request, Json.JsonElement, ct).ConfigureAwait(false);
    }

    /// <summary>Runs an inference with a typed request.</summary>
    public Task<JsonElement> InferAsync(string name, OipInferenceRequest request, CancellationToken ct = default)
        => InferAsync(name, JsonSerializer.SerializeToUtf8Bytes(request, Json.OipInferenceRequest), ct);

    /// <summary>Asks whether the server is ready to serve (<c>GET /v2/health/ready</c>).</summary>
    /// <returns><see langword="true"/> on a 2xx answer; <see langword="false"/> on any other status or when the server cannot be reached.</returns>
    public async Task<bool> IsReadyAsync(CancellationToken ct = default)
    {
        try
        {
            using var response = await _http.GetAsync("v2/health/ready", ct).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
