using System.Net;
using System.Net.Http.Json;
using System.Text;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Server.Tests.Api;

public sealed class AliasesApiTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;
    private readonly HttpClient _client = app.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PutAlias_ExistingVersion_Returns200AndVersionRouteResolvesIt()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3(1));
        var second = await app.PushAsync(model, TestModels.Linear3(2));

        using var put = await PutAliasAsync(model, "champion", """{"version":2}""");
        var byAlias = await _client.GetFromJsonAsync($"/api/v1/models/{model}/versions/champion", Json.ModelVersionDto, Ct);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(2, (await put.Content.ReadFromJsonAsync(Json.AliasDto, Ct))!.Version);
        Assert.Equal((2, second.Digest), (byAlias!.Version, byAlias.Digest));
        Assert.Equal(["champion"], byAlias.Aliases);
    }

    [Fact]
    public async Task ListAliases_TwoAliases_ReturnsThemByName()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());
        (await PutAliasAsync(model, "staging", """{"version":1}""")).Dispose();
        (await PutAliasAsync(model, "champion", """{"version":1}""")).Dispose();

        var aliases = await _client.GetFromJsonAsync($"/api/v1/models/{model}/aliases", Json.IReadOnlyListAliasDto, Ct);

        Assert.Equal(["champion", "staging"], aliases!.Select(a => a.Alias));
    }

    [Theory]
    [InlineData("123", """{"version":1}""", "Alias '123' is invalid")]
    [InlineData("champion", """{"version":0}""", "version must be a positive integer")]
    [InlineData("champion", """{"version":"x"}""", "not valid JSON")]
    public async Task PutAlias_BadInput_Returns400NamingProblem(string alias, string body, string message)
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());

        using var response = await PutAliasAsync(model, alias, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutAlias_UnknownVersion_Returns404()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());

        using var response = await PutAliasAsync(model, "champion", """{"version":7}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no version 7", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteAlias_Existing_Returns204ThenVersionRoute404()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());
        (await PutAliasAsync(model, "champion", """{"version":1}""")).Dispose();

        using var delete = await _client.DeleteAsync($"/api/v1/models/{model}/aliases/champion", Ct);
        using var again = await _client.DeleteAsync($"/api/v1/models/{model}/aliases/champion", Ct);
        using var get = await _client.GetAsync($"/api/v1/models/{model}/versions/champion", Ct);

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (delete.StatusCode, again.StatusCode, get.StatusCode));
        Assert.Contains("no alias 'champion'", await get.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAliases_UnknownModel_Returns404()
    {
        using var response = await _client.GetAsync($"/api/v1/models/{TestModels.UniqueName()}/aliases", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task GetVersion_InvalidVersionText_Returns400()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());

        using var response = await _client.GetAsync($"/api/v1/models/{model}/versions/0", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("neither a positive integer nor a valid alias", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateEndpoint_WithAlias_PinsVersionAliasNamesNow()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3(1));
        await app.PushAsync(model, TestModels.Linear3(2));
        (await PutAliasAsync(model, "champion", """{"version":1}""")).Dispose();
        var name = TestModels.UniqueName("e");

        using var response = await _client.PostAsync(
            "/api/v1/endpoints", new StringContent($$"""{"name":"{{name}}","model":"{{model}}","version":0,"alias":"champion"}""", Encoding.UTF8, "application/json"), Ct);
        using var both = await _client.PostAsync(
            "/api/v1/endpoints", new StringContent($$"""{"name":"x{{name}}","model":"{{model}}","version":2,"alias":"champion"}""", Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync(Json.EndpointDto, Ct))!.Version);
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
    }

    private Task<HttpResponseMessage> PutAliasAsync(string model, string alias, string body) =>
        _client.PutAsync($"/api/v1/models/{model}/aliases/{alias}", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
}
