using System.Net;
using System.Text;
using System.Text.Json;

namespace Modelplane.Server.Tests.Mlflow;

/// <summary>Raw HTTP calls to the MLflow API, returning the status and the parsed JSON body.</summary>
internal sealed class MlflowHttp(HttpClient client, string prefix = "/api/2.0/mlflow")
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task<(HttpStatusCode Status, JsonElement Body, string Text)> PostAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(prefix + path, content, Ct);
        return await ReadAsync(response);
    }

    public async Task<(HttpStatusCode Status, JsonElement Body, string Text)> GetAsync(string pathAndQuery)
    {
        using var response = await client.GetAsync(prefix + pathAndQuery, Ct);
        return await ReadAsync(response);
    }

    public async Task<(HttpStatusCode Status, JsonElement Body, string Text)> SendAsync(HttpMethod method, string path, string json)
    {
        using var request = new HttpRequestMessage(method, prefix + path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await client.SendAsync(request, Ct);
        return await ReadAsync(response);
    }

    public async Task<JsonElement> OkAsync(string path, string json)
    {
        var (status, body, text) = await PostAsync(path, json);
        Assert.True(status == HttpStatusCode.OK, $"{path} answered {status}: {text}");
        return body;
    }

    public async Task<string> CreateExperimentAsync(string? name = null) =>
        (await OkAsync("/experiments/create", $$"""{"name":"{{name ?? UniqueName()}}"}""")).GetProperty("experiment_id").GetString()!;

    public async Task<string> CreateRunAsync(string experimentId, string extra = "") =>
        (await OkAsync("/runs/create", $$"""{"experiment_id":"{{experimentId}}","start_time":1700000000000{{extra}}}"""))
            .GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;

    public static string UniqueName(string prefix = "exp") => $"{prefix}-{Guid.NewGuid():N}";

    public static void AssertError(HttpStatusCode expectedStatus, string expectedCode, (HttpStatusCode Status, JsonElement Body, string Text) response, string? mentioned = null)
    {
        Assert.True(response.Status == expectedStatus, $"expected {expectedStatus}, got {response.Status}: {response.Text}");
        Assert.Equal(expectedCode, response.Body.GetProperty("error_code").GetString());
        if (mentioned is not null)
        {
            Assert.Contains(mentioned, response.Body.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    private static async Task<(HttpStatusCode, JsonElement, string)> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, body, text);
    }
}
