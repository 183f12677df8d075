using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Server.Tests.Governance;

/// <summary>
/// Workspaces own their models, versions, endpoints and data: the same names live side by side, a caller never sees,
/// counts or calls another workspace's objects (404, not 403), and deleting a workspace removes its data.
/// </summary>
public sealed class WorkspaceIsolationTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SameNamesInTwoWorkspaces_ServeTheirOwnModels()
    {
        using var a = app.CreateClient(await app.CreateWorkspaceAsync("iso-same-a"));
        using var b = app.CreateClient(await app.CreateWorkspaceAsync("iso-same-b"));

        await PushAsync(a, "churn", TestModels.Linear3(bias: 1));
        await PushAsync(b, "churn", TestModels.Linear3(bias: 100));
        await PushAsync(b, "churn", TestModels.Linear3(bias: 200));
        await CreateEndpointAsync(a, "churn-live", "churn", 1);
        await CreateEndpointAsync(b, "churn-live", "churn", 2);

        // [1,1,1]·[1,2,3] = 6, plus each workspace's bias.
        Assert.Equal(7f, await PredictAsync(a, "churn-live"));
        Assert.Equal(206f, await PredictAsync(b, "churn-live"));
        Assert.Equal(206f, await PredictAsync(b, "churn"));
        Assert.Single(await ListModelVersionsAsync(a, "churn"));
        Assert.Equal(2, (await ListModelVersionsAsync(b, "churn")).Count);

        // The operator's metrics keep the two apart.
        var metrics = Modelplane.Testing.Metrics.Exposition.Parse(await app.CreateClient().GetStringAsync("/metrics", Ct));
        Assert.Equal(1, metrics.Value("modelplane_inference_requests_total",
            ("workspace", "iso-same-a"), ("endpoint", "churn-live"), ("model", "churn"), ("version", "1"), ("status_class", "2xx")));
        Assert.Equal(1, metrics.Value("modelplane_inference_requests_total",
            ("workspace", "iso-same-b"), ("endpoint", "churn-live"), ("model", "churn"), ("version", "2"), ("status_class", "2xx")));
    }

    [Fact]
    public async Task AnotherWorkspacesObjects_AreNotFoundAndNotCounted()
    {
        using var owner = app.CreateClient(await app.CreateWorkspaceAsync("iso-owner"));
        using var stranger = app.CreateClient(await app.CreateWorkspaceAsync("iso-stranger"));
        await PushAsync(owner, "secret-model", TestModels.Linear3());
        await CreateEndpointAsync(owner, "secret-endpoint", "secret-model", 1);
        var probes = new (HttpMethod Method, string Path, string? Body)[]
        {
            (HttpMethod.Get, "/api/v1/models/secret-model", null),
            (HttpMethod.Get, "/api/v1/models/secret-model/versions/1", null),
            (HttpMethod.Get, "/api/v1/endpoints/secret-endpoint", null),
            (HttpMethod.Get, "/v2/models/secret-endpoint", null),
            (HttpMethod.Get, "/v2/models/secret-model/ready", null),
            (HttpMethod.Post, "/v2/models/secret-endpoint/infer", TestModels.Request([1, 1, 1])),
            (HttpMethod.Post, "/v2/models/secret-model/versions/1/infer", TestModels.Request([1, 1, 1])),
            (HttpMethod.Get, "/v2/models/secret-model/stats", null),
            (HttpMethod.Post, "/v2/repository/models/secret-model/unload", "{}"),
            (HttpMethod.Put, "/api/v1/endpoints/secret-endpoint", """{"model":"secret-model","version":1}"""),
            (HttpMethod.Put, "/api/v1/endpoints/secret-endpoint/anonymous-predictions", """{"allowed":true}"""),
            (HttpMethod.Post, "/api/v1/models/secret-model/purge", null),
            (HttpMethod.Delete, "/api/v1/models/secret-model/versions/1", null),
            (HttpMethod.Get, "/api/2.0/mlflow/registered-models/get?name=secret-model", null),
        };
        foreach (var (method, path, body) in probes)
        {
            using var message = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent(body) };
            using var response = await stranger.SendAsync(message, Ct);
            var answer = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path} -> {(int)response.StatusCode} {answer}");
            Assert.DoesNotContain("No route", answer, StringComparison.Ordinal); // the route exists: the object does not, here
        }

        var models = await stranger.GetStringAsync("/api/v1/models", Ct);
        Assert.DoesNotContain("secret-model", models, StringComparison.Ordinal);
        var endpoints = await stranger.GetStringAsync("/api/v1/endpoints", Ct);
        Assert.DoesNotContain("secret-endpoint", endpoints, StringComparison.Ordinal);
        var index = await stranger.PostAsync("/v2/repository/index", JsonContent("{}"), Ct);
        Assert.DoesNotContain("secret-model", await index.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // The owner still has everything the probes tried to delete or unload.
        Assert.Equal(6.5f, await PredictAsync(owner, "secret-endpoint"));
    }

    [Fact]
    public async Task TokenOfOneWorkspace_NamingAnother_IsNotFound()
    {
        using var client = app.CreateClient(await app.CreateWorkspaceAsync("iso-header"));
        client.DefaultRequestHeaders.Add("X-Modelplane-Workspace", "default");

        using var response = await client.GetAsync("/api/v1/models", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Workspace 'default' not found", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyTheOperator_ManagesWorkspacesAndReadsPlatformMetrics()
    {
        using var tenant = app.CreateClient(await app.CreateWorkspaceAsync("iso-tenant"));

        using var create = await tenant.PostAsync("/api/v1/workspaces", JsonContent("""{"name":"iso-by-tenant"}"""), Ct);
        using var list = await tenant.GetAsync("/api/v1/workspaces", Ct);
        using var metrics = await tenant.GetAsync("/metrics", Ct);
        using var operatorMetrics = await app.CreateClient().GetAsync("/metrics", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, metrics.StatusCode);
        Assert.Equal(HttpStatusCode.OK, operatorMetrics.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(app.DataDirectory, "workspaces", "iso-by-tenant")));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("/tmp/abs")]
    [InlineData("UPPER")]
    [InlineData("dots.in.name")]
    [InlineData("")]
    [InlineData("a-name-that-is-much-longer-than-forty-characters")]
    public async Task BadWorkspaceName_Is400_AndCreatesNoFolder(string name)
    {
        var workspaces = Path.Combine(app.DataDirectory, "workspaces");
        using var response = await app.CreateClient().PostAsync(
            "/api/v1/workspaces", JsonContent(JsonSerializer.Serialize(new { name })), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("orkspace name", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var folders = Directory.Exists(workspaces) ? Directory.GetDirectories(workspaces).Select(Path.GetFileName) : [];
        Assert.DoesNotContain(folders, f => !f!.StartsWith("iso-", StringComparison.Ordinal) && f != "restarted");
        Assert.False(Directory.Exists(Path.GetFullPath(Path.Combine(workspaces, name))) && name.Length > 0);
        Assert.False(Directory.Exists("/tmp/abs"));
    }

    [Fact]
    public async Task DeletedWorkspace_LosesItsData_AndItsTokensStopWorking()
    {
        var token = await app.CreateWorkspaceAsync("iso-deleted");
        using var client = app.CreateClient(token);
        await PushAsync(client, "doomed", TestModels.Linear3());
        var folder = Path.Combine(app.DataDirectory, "workspaces", "iso-deleted");
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(folder, "blobs"), "*", SearchOption.AllDirectories));

        using (var delete = await app.CreateClient().DeleteAsync("/api/v1/workspaces/iso-deleted", Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        using var after = await client.GetAsync("/api/v1/models", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.False(Directory.Exists(folder));

        // Its audit records stay, so the name is never handed to a new workspace that would inherit them.
        using var again = await app.CreateClient().PostAsync("/api/v1/workspaces", JsonContent("""{"name":"iso-deleted"}"""), Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("audit history is kept", await again.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterRestart_AWorkspaceServesItsEndpointsAgain()
    {
        var data = Directory.CreateTempSubdirectory("mp-workspace-restart-").FullName;
        try
        {
            string token;
            await using (var first = new DataDirectoryAppFactory(data))
            {
                token = await first.CreateWorkspaceAsync("restarted");
                using var client = first.CreateClient(token);
                await first.PushAsync("kept", TestModels.Linear3(bias: 3), token: token);
                await CreateEndpointAsync(client, "kept-live", "kept", 1);
            }

            await using var second = new DataDirectoryAppFactory(data);
            using var again = second.CreateClient(token);
            Assert.Equal(9f, await PredictAsync(again, "kept-live"));
            using var fromDefault = await second.CreateClient().GetAsync("/api/v1/models/kept", Ct);
            Assert.Equal(HttpStatusCode.NotFound, fromDefault.StatusCode);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Workspaces_AreListedForTheOperator_WithTheirCreator()
    {
        await app.CreateWorkspaceAsync("iso-listed");

        var workspaces = await app.CreateClient().GetFromJsonAsync("/api/v1/workspaces", ModelplaneJsonContext.Default.IReadOnlyListWorkspaceDto, Ct);

        Assert.Contains(workspaces!, w => w.Name == "default");
        Assert.Contains(workspaces!, w => w.Name == "iso-listed" && w.CreatedBy == "admin");
    }

    private Task<ModelVersionDto> PushAsync(HttpClient client, string model, byte[] onnx) =>
        app.PushAsync(model, onnx, token: client.DefaultRequestHeaders.Authorization!.Parameter);

    private static async Task CreateEndpointAsync(HttpClient client, string name, string model, int version)
    {
        using var response = await client.PostAsJsonAsync(
            "/api/v1/endpoints", new CreateEndpointRequest(name, model, version), ModelplaneJsonContext.Default.CreateEndpointRequest, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<float> PredictAsync(HttpClient client, string name)
    {
        using var response = await client.PostAsync($"/v2/models/{name}/infer", JsonContent(TestModels.Request([1, 1, 1])), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("outputs")[0].GetProperty("data")[0].GetSingle();
    }

    private static async Task<IReadOnlyList<JsonElement>> ListModelVersionsAsync(HttpClient client, string model)
    {
        var body = await client.GetStringAsync($"/api/v1/models/{model}/versions", Ct);
        var root = JsonDocument.Parse(body).RootElement;
        var items = root.ValueKind == JsonValueKind.Array ? root : root.GetProperty("versions");
        return [.. items.EnumerateArray()];
    }

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");
}

/// <summary>A server over a data directory the test chooses, to start it twice over the same data.</summary>
internal sealed class DataDirectoryAppFactory(string dataDirectory) : ModelplaneAppFactory(new() { ["Modelplane:DataDirectory"] = dataDirectory });
