using System.Net;
using System.Text;
using System.Text.Json;

namespace Modelplane.Server.Tests.Oip;

/// <summary>A deleted version stops answering Open Inference Protocol requests at once, even when it was already loaded.</summary>
public sealed class DeletedVersionInferTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Infer_DeletedLatestThatWasServing_ExplicitRoute404AndNameServesPrevious()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3(bias: 0));
        await app.PushAsync(model, TestModels.Linear3(bias: 10));
        Assert.Equal((16f, "2"), await PredictAsync($"/v2/models/{model}/infer"));
        Assert.Equal((16f, "2"), await PredictAsync($"/v2/models/{model}/versions/2/infer"));

        (await _client.DeleteAsync($"/api/v1/models/{model}/versions/2", Ct)).Dispose();
        using var explicitVersion = await _client.PostAsync($"/v2/models/{model}/versions/2/infer", Body(), Ct);
        using var metadata = await _client.GetAsync($"/v2/models/{model}/versions/2", Ct);

        Assert.Equal(HttpStatusCode.NotFound, explicitVersion.StatusCode);
        Assert.Equal($"{{\"error\":\"Model '{model}' has no version 2.\"}}", await explicitVersion.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, metadata.StatusCode);
        Assert.Equal((6f, "1"), await PredictAsync($"/v2/models/{model}/infer"));
    }

    [Fact]
    public async Task Infer_DeletedModelServedByAlias_404ThenServesAgainAfterRestore()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3(bias: 1));
        (await _client.PutAsync($"/api/v1/models/{model}/aliases/champion", new StringContent("""{"version":1}""", Encoding.UTF8, "application/json"), Ct)).Dispose();
        Assert.Equal((7f, "1"), await PredictAsync($"/v2/models/{model}/versions/champion/infer"));

        (await _client.DeleteAsync($"/api/v1/models/{model}", Ct)).Dispose();
        using var byAlias = await _client.PostAsync($"/v2/models/{model}/versions/champion/infer", Body(), Ct);
        using var byName = await _client.PostAsync($"/v2/models/{model}/infer", Body(), Ct);
        (await _client.PostAsync($"/api/v1/models/{model}/restore", null, Ct)).Dispose();

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (byAlias.StatusCode, byName.StatusCode));
        Assert.Equal((7f, "1"), await PredictAsync($"/v2/models/{model}/versions/champion/infer"));
    }

    [Fact]
    public async Task Infer_RestoredLatest_NameServesItAgain()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3(bias: 0));
        await app.PushAsync(model, TestModels.Linear3(bias: 10));
        (await _client.DeleteAsync($"/api/v1/models/{model}/versions/2", Ct)).Dispose();
        Assert.Equal((6f, "1"), await PredictAsync($"/v2/models/{model}/infer"));

        (await _client.PostAsync($"/api/v1/models/{model}/versions/2/restore", null, Ct)).Dispose();

        Assert.Equal((16f, "2"), await PredictAsync($"/v2/models/{model}/infer"));
    }

    private async Task<(float Prediction, string? Version)> PredictAsync(string path)
    {
        using var response = await _client.PostAsync(path, Body(), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return (doc.RootElement.GetProperty("outputs")[0].GetProperty("data")[0].GetSingle(), doc.RootElement.GetProperty("model_version").GetString());
    }

    private static StringContent Body() => new(TestModels.Request([1, 1, 1]), Encoding.UTF8, "application/json");
}
