using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Server.Tests.Oip;

/// <summary>Calls to the model-repository routes and to inference that the repository tests share.</summary>
internal sealed class RepositoryHttp(HttpClient client)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task<(HttpStatusCode Status, string Body)> PostAsync(string path, string? json = null)
    {
        using var content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(path, content, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    public async Task<IReadOnlyList<OipRepositoryModel>> ControlAsync(string path, string? json = null)
    {
        var (status, body) = await PostAsync(path, json);
        Assert.True(status == HttpStatusCode.OK, $"{path}: {(int)status} {body}");
        return JsonSerializer.Deserialize(body, ModelplaneJsonContext.Default.IReadOnlyListOipRepositoryModel)!;
    }

    public async Task<IReadOnlyList<OipRepositoryModel>> IndexAsync(string model, string? json = null) =>
        [.. (await ControlAsync("/v2/repository/index", json)).Where(m => m.Name == model)];

    public Task<(HttpStatusCode Status, string Body, string? RetryAfter)> InferAsync(string name) => InferAsync(name, TestModels.Request([1, 1, 1]));

    public async Task<(HttpStatusCode Status, string Body, string? RetryAfter)> InferAsync(string name, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync($"/v2/models/{name}/infer", content, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct), response.Headers.RetryAfter?.ToString());
    }

    public static float Prediction(string body)
    {
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("outputs")[0].GetProperty("data")[0].GetSingle();
    }
}
