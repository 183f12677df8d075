using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Modelplane.Client;

namespace Modelplane.Server.Tests.Api;

public sealed class EndpointsApiTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_ExistingVersion_Returns201AndAppearsInListAndShow()
    {
        var model = TestModels.UniqueName();
        var endpoint = TestModels.UniqueName("e");
        await app.PushAsync(model, TestModels.Linear3());

        var created = await app.CreateEndpointAsync(endpoint, model, 1);
        var shown = await _client.GetFromJsonAsync($"/api/v1/endpoints/{endpoint}", ModelplaneJsonContext.Default.EndpointDto, Ct);
        var list = await _client.GetFromJsonAsync("/api/v1/endpoints", ModelplaneJsonContext.Default.IReadOnlyListEndpointDto, Ct);

        Assert.Equal((endpoint, model, 1), (created.Name, created.Model, created.Version));
        Assert.Equal(created, shown);
        Assert.Contains(list!, e => e.Name == endpoint && e.Model == model && e.Version == 1);
    }

    [Fact]
    public async Task Create_DuplicateName_Returns409AndKeepsOriginal()
    {
        var model = TestModels.UniqueName();
        var endpoint = TestModels.UniqueName("e");
        await app.PushAsync(model, TestModels.Linear3());
        await app.PushAsync(model, TestModels.Linear3(bias: 1));
        await app.CreateEndpointAsync(endpoint, model, 1);

        var (status, error) = await SendAsync(HttpMethod.Post, "/api/v1/endpoints", $$"""{"name":"{{endpoint}}","model":"{{model}}","version":2}""");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("already exists", error, StringComparison.Ordinal);
        var shown = await _client.GetFromJsonAsync($"/api/v1/endpoints/{endpoint}", ModelplaneJsonContext.Default.EndpointDto, Ct);
        Assert.Equal(1, shown!.Version);
    }

    public static TheoryData<string, HttpStatusCode, string> BadCreates => new()
    {
        { """{"name":"e1","model":"absent-model","version":1}""", HttpStatusCode.NotFound, "'absent-model'" },
        { """{"name":"e1","model":"present","version":9}""", HttpStatusCode.NotFound, "version 9" },
        { """{"name":"e1","model":"present",""", HttpStatusCode.BadRequest, "JSON" },
        { """{"name":"../etc","model":"present","version":1}""", HttpStatusCode.BadRequest, "invalid" },
        { """{"model":"present","version":1}""", HttpStatusCode.BadRequest, "invalid" },
        { """{"name":"e1","version":1}""", HttpStatusCode.NotFound, "no model" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task Create_BadRequest_Returns4xxNamingProblem(string body, HttpStatusCode expected, string mentioned)
    {
        using (var probe = await _client.GetAsync("/api/v1/models/present", Ct))
        {
            if (probe.StatusCode == HttpStatusCode.NotFound)
            {
                await app.PushAsync("present", TestModels.Linear3());
            }
        }

        var (status, error) = await SendAsync(HttpMethod.Post, "/api/v1/endpoints", body);

        Assert.Equal(expected, status);
        Assert.Contains(mentioned, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_UnknownVersion_Returns404AndEndpointKeepsServingOldVersion()
    {
        var model = TestModels.UniqueName();
        var endpoint = TestModels.UniqueName("e");
        await app.PushAsync(model, TestModels.Linear3());
        await app.CreateEndpointAsync(endpoint, model, 1);

        var (status, _) = await SendAsync(HttpMethod.Put, $"/api/v1/endpoints/{endpoint}", $$"""{"model":"{{model}}","version":5}""");

        Assert.Equal(HttpStatusCode.NotFound, status);
        var shown = await _client.GetFromJsonAsync($"/api/v1/endpoints/{endpoint}", ModelplaneJsonContext.Default.EndpointDto, Ct);
        Assert.Equal(1, shown!.Version);
    }

    [Fact]
    public async Task Set_UnknownEndpoint_Returns404()
    {
        var (status, error) = await SendAsync(HttpMethod.Put, "/api/v1/endpoints/nope", """{"model":"x","version":1}""");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("'nope'", error, StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, string Error)> SendAsync(HttpMethod method, string path, string json)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await _client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        if (response.IsSuccessStatusCode)
        {
            return (response.StatusCode, text);
        }

        using var doc = JsonDocument.Parse(text);
        return (response.StatusCode, doc.RootElement.GetProperty("error").GetString()!);
    }
}
