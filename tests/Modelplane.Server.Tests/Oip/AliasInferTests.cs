using System.Net;
using System.Text;
using System.Text.Json;

namespace Modelplane.Server.Tests.Oip;

public sealed class AliasInferTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Infer_AliasThatMoves_ServesTheNewTargetOnTheNextRequest()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3(bias: 0));
        await app.PushAsync(model, TestModels.Linear3(bias: 10));
        await SetAliasAsync(model, 1);

        var (before, beforeVersion) = await PredictAsync(model);
        var (cached, _) = await PredictAsync(model);
        await SetAliasAsync(model, 2);
        var (after, afterVersion) = await PredictAsync(model);

        Assert.Equal((6f, "1"), (before, beforeVersion));
        Assert.Equal(6f, cached);
        Assert.Equal((16f, "2"), (after, afterVersion));
    }

    [Fact]
    public async Task Infer_DeletedAlias_Returns404NamingAlias()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());
        await SetAliasAsync(model, 1);
        await PredictAsync(model);

        (await _client.DeleteAsync($"/api/v1/models/{model}/aliases/champion", Ct)).Dispose();
        using var response = await _client.PostAsync($"/v2/models/{model}/versions/champion/infer", Body(), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no alias 'champion'", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_InvalidVersionText_Returns400()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());

        using var response = await _client.PostAsync($"/v2/models/{model}/versions/-1/infer", Body(), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task MetadataAndReady_ThroughAlias_Answer()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());
        await SetAliasAsync(model, 1);

        using var metadata = await _client.GetAsync($"/v2/models/{model}/versions/champion", Ct);
        using var ready = await _client.GetAsync($"/v2/models/{model}/versions/champion/ready", Ct);
        using var unknown = await _client.GetAsync($"/v2/models/{model}/versions/challenger/ready", Ct);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NotFound), (metadata.StatusCode, ready.StatusCode, unknown.StatusCode));
    }

    private async Task SetAliasAsync(string model, int version)
    {
        using var response = await _client.PutAsync(
            $"/api/v1/models/{model}/aliases/champion", new StringContent($$"""{"version":{{version}}}""", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<(float Prediction, string? Version)> PredictAsync(string model)
    {
        using var response = await _client.PostAsync($"/v2/models/{model}/versions/champion/infer", Body(), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var output = doc.RootElement.GetProperty("outputs")[0].GetProperty("data")[0].GetSingle();
        return (output, doc.RootElement.GetProperty("model_version").GetString());
    }

    private static StringContent Body() => new(TestModels.Request([1, 1, 1]), Encoding.UTF8, "application/json");
}
