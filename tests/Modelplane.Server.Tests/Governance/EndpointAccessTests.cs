using System.Net;
using System.Net.Http.Json;
using System.Text;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Access;

namespace Modelplane.Server.Tests.Governance;

/// <summary>
/// A developer's endpoints start in the sandbox and a deployer makes them live; predictions are opened to callers
/// without a token only per live endpoint, by an admin's explicit setting, and nothing else opens with them.
/// </summary>
public sealed class EndpointAccessTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Developer_CreatesSandbox_DeployerMakesItLive()
    {
        var model = TestModels.UniqueName("sbx");
        await app.PushAsync(model, TestModels.Linear3());
        using var developer = app.CreateClient(await app.MemberTokenAsync("ea-developer", Role.Developer));
        using var deployer = app.CreateClient(await app.MemberTokenAsync("ea-deployer", Role.Deployer));

        var created = await PostEndpointAsync(developer, new CreateEndpointRequest(model, model, 1));
        using var live = await developer.PostAsJsonAsync(
            "/api/v1/endpoints", new CreateEndpointRequest(model + "-x", model, 1) { State = "live" }, ModelplaneJsonContext.Default.CreateEndpointRequest, Ct);
        using var promoteByDeveloper = await developer.PutAsync($"/api/v1/endpoints/{model}/state", Json("""{"state":"live"}"""), Ct);
        using var promote = await deployer.PutAsync($"/api/v1/endpoints/{model}/state", Json("""{"state":"live"}"""), Ct);

        Assert.Equal("sandbox", created.State);
        Assert.Equal(HttpStatusCode.Forbidden, live.StatusCode);
        Assert.Contains("a deployer makes them live", await live.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, promoteByDeveloper.StatusCode);
        Assert.Equal(HttpStatusCode.OK, promote.StatusCode);
        Assert.Equal("live", (await promote.Content.ReadFromJsonAsync(ModelplaneJsonContext.Default.EndpointDto, Ct))!.State);
        // A sandbox endpoint already serves callers with a token of the workspace.
        Assert.Equal(HttpStatusCode.OK, (await developer.PostAsync($"/v2/models/{model}/infer", Json(TestModels.Request([1, 1, 1])), Ct)).StatusCode);
    }

    [Fact]
    public async Task OpenedEndpoint_AnswersWithoutToken_NothingElseDoes()
    {
        var model = TestModels.UniqueName("open");
        await app.PushAsync(model, TestModels.Linear3());
        await app.CreateEndpointAsync(model + "-pub", model, 1);
        await app.CreateEndpointAsync(model + "-closed", model, 1);
        using var anonymous = app.CreateAnonymousClient();

        using (var before = await anonymous.PostAsync($"/v2/models/{model}-pub/infer", Json(TestModels.Request([1, 1, 1])), Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);
        }

        using (var open = await app.CreateClient().PutAsync($"/api/v1/endpoints/{model}-pub/anonymous-predictions", Json("""{"allowed":true}"""), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, open.StatusCode);
            Assert.True((await open.Content.ReadFromJsonAsync(ModelplaneJsonContext.Default.EndpointDto, Ct))!.AnonymousPredictions);
        }

        using var infer = await anonymous.PostAsync($"/v2/models/{model}-pub/infer", Json(TestModels.Request([1, 1, 1])), Ct);
        Assert.Equal(HttpStatusCode.OK, infer.StatusCode);
        Assert.Contains("6.5", await infer.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsync($"/endpoints/{model}-pub/invocations", Json("""{"inputs":[[1,1,1]]}"""), Ct)).StatusCode);

        // The same model under its own name, a pinned version, another endpoint, management routes: still closed.
        foreach (var (method, path) in new[]
        {
            ("POST", $"/v2/models/{model}/infer"),
            ("POST", $"/v2/models/{model}-pub/versions/1/infer"),
            ("POST", $"/v2/models/{model}-closed/infer"),
            ("GET", $"/api/v1/endpoints/{model}-pub"),
            ("PUT", $"/api/v1/endpoints/{model}-pub"),
        })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Json(TestModels.Request([1, 1, 1])) };
            using var response = await anonymous.SendAsync(request, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} -> {(int)response.StatusCode}");
        }

        using (var close = await app.CreateClient().PutAsync($"/api/v1/endpoints/{model}-pub/anonymous-predictions", Json("""{"allowed":false}"""), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        }

        using var after = await anonymous.PostAsync($"/v2/models/{model}-pub/infer", Json(TestModels.Request([1, 1, 1])), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task SandboxEndpoint_CannotBeOpened_AndOnlyAnAdminOpensEndpoints()
    {
        var model = TestModels.UniqueName("sbo");
        await app.PushAsync(model, TestModels.Linear3());
        using var developer = app.CreateClient(await app.MemberTokenAsync("ea-dev-2", Role.Developer));
        using var deployer = app.CreateClient(await app.MemberTokenAsync("ea-dep-2", Role.Deployer));
        await PostEndpointAsync(developer, new CreateEndpointRequest(model, model, 1));

        using var bySandbox = await app.CreateClient().PutAsync($"/api/v1/endpoints/{model}/anonymous-predictions", Json("""{"allowed":true}"""), Ct);
        using var byDeployer = await deployer.PutAsync($"/api/v1/endpoints/{model}/anonymous-predictions", Json("""{"allowed":true}"""), Ct);
        using var missing = await app.CreateClient().PutAsync("/api/v1/endpoints/no-such-endpoint/anonymous-predictions", Json("""{"allowed":true}"""), Ct);
        using var badBody = await app.CreateClient().PutAsync($"/api/v1/endpoints/{model}/anonymous-predictions", Json("""{"allowed":"yes"}"""), Ct);

        Assert.Equal(HttpStatusCode.Conflict, bySandbox.StatusCode);
        Assert.Contains("only a live endpoint may be opened", await bySandbox.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, byDeployer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badBody.StatusCode);
    }

    [Fact]
    public async Task OpenEndpointOfAnotherWorkspace_IsReachedOnlyByNamingIt()
    {
        var token = await app.CreateWorkspaceAsync("ea-public");
        using var admin = app.CreateClient(token);
        await app.PushAsync("shared-name", TestModels.Linear3(bias: 10), token: token);

        await PostEndpointAsync(admin, new CreateEndpointRequest("shared-name", "shared-name", 1));
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/api/v1/endpoints/shared-name/anonymous-predictions", Json("""{"allowed":true}"""), Ct)).StatusCode);
        using var anonymous = app.CreateAnonymousClient();

        using var inDefault = await anonymous.PostAsync("/v2/models/shared-name/infer", Json(TestModels.Request([1, 1, 1])), Ct);
        using var named = new HttpRequestMessage(HttpMethod.Post, "/v2/models/shared-name/infer") { Content = Json(TestModels.Request([1, 1, 1])) };
        named.Headers.Add("X-Modelplane-Workspace", "ea-public");
        using var inPublic = await anonymous.SendAsync(named, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, inDefault.StatusCode);
        Assert.Equal(HttpStatusCode.OK, inPublic.StatusCode);
        Assert.Contains("16", await inPublic.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static async Task<EndpointDto> PostEndpointAsync(HttpClient client, CreateEndpointRequest request)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/endpoints", request, ModelplaneJsonContext.Default.CreateEndpointRequest, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync(ModelplaneJsonContext.Default.EndpointDto, Ct))!;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
