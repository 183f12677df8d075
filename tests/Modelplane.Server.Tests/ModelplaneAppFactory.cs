using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Access;
using Modelplane.Governance.Identity;
using Modelplane.Governance.Workspaces;

namespace Modelplane.Server.Tests;

/// <summary>The real server on the in-memory test host, with its own data directory and optional settings.</summary>
public class ModelplaneAppFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string> _settings;

    public ModelplaneAppFactory()
        : this([])
    {
    }

    protected ModelplaneAppFactory(Dictionary<string, string> settings) => _settings = settings;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("mp-server-tests-").FullName;

    /// <summary>The admin token the first start wrote to the data directory; every client from <c>CreateClient</c> sends it.</summary>
    public string AdminToken =>
        File.ReadAllText(Path.Combine(_settings.GetValueOrDefault("Modelplane:DataDirectory", DataDirectory), "admin-token")).Trim();

    /// <summary>A client without any token, to test what anonymous callers get.</summary>
    public HttpClient CreateAnonymousClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    /// <summary>A client that sends <paramref name="token"/>.</summary>
    public HttpClient CreateClient(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    /// <summary>Pushes a version as the admin of the default workspace, or with <paramref name="token"/>.</summary>
    public async Task<ModelVersionDto> PushAsync(string model, byte[] onnx, string query = "", string? token = null)
    {
        using var content = new ByteArrayContent(onnx);
        content.Headers.ContentType = new("application/octet-stream");
        using var client = token is null ? CreateClient() : CreateClient(token);
        using var response = await client.PostAsync($"/api/v1/models/{model}/versions{query}", content, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (await response.Content.ReadFromJsonAsync(ModelplaneJsonContext.Default.ModelVersionDto, TestContext.Current.CancellationToken))!;
    }

    /// <summary>Creates a workspace as the operator (admin of default) and returns the new workspace's admin token.</summary>
    public async Task<string> CreateWorkspaceAsync(string name)
    {
        using var response = await CreateClient().PostAsJsonAsync(
            "/api/v1/workspaces", new CreateWorkspaceRequest(name), ModelplaneJsonContext.Default.CreateWorkspaceRequest, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, body);
        var created = System.Text.Json.JsonSerializer.Deserialize(body, ModelplaneJsonContext.Default.CreatedWorkspaceDto)!;
        Assert.Equal((name, "admin"), (created.Workspace.Name, created.AdminToken.Token.Role));
        return created.AdminToken.Secret;
    }

    /// <summary>Adds user <paramref name="name"/> to a workspace with <paramref name="role"/> and returns a token of theirs.</summary>
    public async Task<string> MemberTokenAsync(string name, Role role, DateTimeOffset? expires = null, string workspace = WorkspaceName.Default)
    {
        var identities = Services.GetRequiredService<IdentityStore>();
        await identities.AddMemberAsync(workspace, name, PrincipalKind.User, role, "test", TestContext.Current.CancellationToken);
        return (await identities.CreateTokenAsync(workspace, name, role, null, expires, "test", TestContext.Current.CancellationToken)).Token;
    }

    public async Task<EndpointDto> CreateEndpointAsync(string name, string model, int version)
    {
        using var response = await CreateClient().PostAsJsonAsync(
            "/api/v1/endpoints", new CreateEndpointRequest(name, model, version), ModelplaneJsonContext.Default.CreateEndpointRequest, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(ModelplaneJsonContext.Default.EndpointDto, TestContext.Current.CancellationToken))!;
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Modelplane:DataDirectory", DataDirectory);
        // Hundreds of tests share this process's thread pool on two cores, so its queue stands for 100 ms now and then;
        // shedding (tested by OverloadSheddingTests with a monitor it drives) would refuse their inference calls.
        builder.UseSetting("Modelplane:Serving:ShedQueueDelay", "00:00:00");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}

/// <summary>A server with small limits, to test what happens at and over them.</summary>
public sealed class SmallLimitsAppFactory() : ModelplaneAppFactory(new()
{
    ["Modelplane:MaxUploadBytes"] = "4096",
    ["Modelplane:Serving:MaxRequestBytes"] = "2048",
    ["Modelplane:Serving:MaxTensorElements"] = "64",
});

/// <summary>A server whose loaded versions may take 6 MB together: one <see cref="TestModels.Wide"/> version fits, two do not.</summary>
public sealed class MemoryBudgetAppFactory() : ModelplaneAppFactory(new()
{
    ["Modelplane:Serving:MemoryBudgetBytes"] = "6000000",
});

/// <summary>A server that records traces (without an exporter: tests listen to the spans in process).</summary>
public sealed class TracingAppFactory() : ModelplaneAppFactory(new()
{
    ["Modelplane:Telemetry:Tracing"] = "true",
});
