using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Modelplane.Server.Tests.Oip;

/// <summary>The bundled demo models answer over HTTP exactly what ML.NET recorded for the held-out rows.</summary>
public sealed class DemoModelInferTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private static readonly string Models = Path.Combine(AppContext.BaseDirectory, "samples", "models");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Infer_BreastCancerHeldOutRows_MatchesRecordedProbabilitiesAndAccuracy()
    {
        var samples = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Models, "breast-cancer.samples.json"), Ct))!;
        var rows = samples["rows"]!.AsArray();
        await app.PushAsync("bc-demo", await File.ReadAllBytesAsync(Path.Combine(Models, "breast-cancer.onnx"), Ct));

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
        using var response = await app.CreateClient().PostAsync("/v2/models/bc-demo/infer", content, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        var outputs = doc.RootElement.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
        var probabilities = outputs["Probability.output"].GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        var labels = outputs["PredictedLabel.output"].GetProperty("data").EnumerateArray().Select(e => e.GetBoolean()).ToArray();
        Assert.Equal("BOOL", outputs["PredictedLabel.output"].GetProperty("datatype").GetString());
        Assert.Equal(rows.Count, probabilities.Length);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(rows[i]!["probability"]!.GetValue<float>(), probabilities[i], 1e-5f);
            Assert.Equal(rows[i]!["predictedLabel"]!.GetValue<int>() == 1, labels[i]);
        }

        var accuracy = labels.Where((predicted, i) => predicted == (rows[i]!["label"]!.GetValue<int>() == 1)).Count() / (double)rows.Count;
        Assert.True(accuracy >= 0.90, $"held-out accuracy {accuracy:F3}");
    }
}
