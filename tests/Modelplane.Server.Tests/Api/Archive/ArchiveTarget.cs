using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Server.Tests.Api.Archive;

/// <summary>A fresh server (its own empty data directory) to import archives into.</summary>
internal sealed class ArchiveTarget : IDisposable
{
    public ModelplaneAppFactory App { get; } = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task<(HttpStatusCode Status, string Body)> ImportAsync(byte[] archive, string query = "")
    {
        using var content = new ByteArrayContent(archive);
        content.Headers.ContentType = new("application/x-tar");
        using var response = await App.CreateClient().PostAsync($"/api/v1/models/import{query}", content, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    public static string Error(string body) => JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!;

    public async Task<ModelDto?> GetModelAsync(string name)
    {
        using var response = await App.CreateClient().GetAsync($"/api/v1/models/{name}", Ct);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await response.Content.ReadFromJsonAsync(ModelplaneJsonContext.Default.ModelDto, Ct);
    }

    /// <summary>Blob files committed under <c>blobs/sha256</c> and leftovers in <c>tmp/</c>.</summary>
    public (int Blobs, int Temp) StoredFiles()
    {
        int Count(string dir) => Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Count() : 0;
        return (Count(Path.Combine(App.DataDirectory, "blobs")), Count(Path.Combine(App.DataDirectory, "tmp")));
    }

    /// <summary>The OIP outputs of one version for the first held-out breast-cancer rows.</summary>
    public static async Task<string> InferAsync(ModelplaneAppFactory app, string model, int version)
    {
        var rows = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "samples", "models", "breast-cancer.samples.json"), Ct))!["rows"]!
            .AsArray().Take(3).ToList();
        var request = new JsonObject
        {
            ["inputs"] = new JsonArray(new JsonObject
            {
                ["name"] = "Features",
                ["shape"] = new JsonArray(rows.Count, 30),
                ["datatype"] = "FP32",
                ["data"] = new JsonArray([.. rows.Select(r => r!["features"]!.DeepClone())]),
            }),
        };
        using var content = new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await app.CreateClient().PostAsync($"/v2/models/{model}/versions/{version}/infer", content, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["outputs"]!.ToJsonString();
    }

    public void Dispose() => App.Dispose();
}
