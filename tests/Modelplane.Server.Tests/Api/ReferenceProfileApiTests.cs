using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Server.Tests.Api;

/// <summary>
/// Reference profiles through the real HTTP stack: the bundled breast-cancer model profiled on its training rows
/// (samples/data/breast_cancer.csv without every 5th row), with the 30 feature names as the header and a label column.
/// </summary>
public sealed class ReferenceProfileApiTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private static readonly string Samples = Path.Combine(AppContext.BaseDirectory, "samples");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string[] FeatureNames() =>
        [.. JsonNode.Parse(File.ReadAllText(Path.Combine(Samples, "models", "breast-cancer.samples.json")))!["featureNames"]!.AsArray().Select(n => n!.GetValue<string>())];

    // The training rows: every data row but the held-out every 5th; the last field is the label (1 = benign).
    private static string[][] TrainingRows() =>
        [.. File.ReadAllLines(Path.Combine(Samples, "data", "breast_cancer.csv")).Skip(1).Where((_, i) => i % 5 != 0).Select(l => l.Split(','))];

    private static string Csv(string[] header, IEnumerable<string[]> rows) =>
        string.Join('\n', rows.Prepend(header).Select(r => string.Join(',', r))) + "\n";

    private static string TrainingCsv() => Csv([.. FeatureNames(), "diagnosis"], TrainingRows());

    private async Task<string> PushAsync()
    {
        var model = TestModels.UniqueName("bc");
        await app.PushAsync(model, await File.ReadAllBytesAsync(Path.Combine(Samples, "models", "breast-cancer.onnx"), Ct));
        return model;
    }

    private async Task<HttpResponseMessage> PutAsync(string model, string body, string query = "?format=csv&label=diagnosis", string contentType = "text/csv")
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return await app.CreateClient().PutAsync($"/api/v1/models/{model}/versions/1/profile{query}", content, Ct);
    }

    private static async Task<ReferenceProfileDto> ReadProfile(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(ModelplaneJsonContext.Default.ReferenceProfileDto, Ct))!;
    }

    private static async Task<string> Error(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(ModelplaneJsonContext.Default.ErrorDto, Ct))!.Error;
    }

    [Fact]
    public async Task Put_BreastCancerTrainingRows_ProfilesEveryFeatureAndOutputCalibrated()
    {
        var model = await PushAsync();
        var csv = TrainingCsv();

        using var response = await PutAsync(model, csv);
        var profile = await ReadProfile(response);

        var radius = TrainingRows().Select(r => double.Parse(r[0], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal((model, 1, 455L, "csv", "diagnosis", true), (profile.Model, profile.Version, profile.Rows, profile.DataFormat, profile.LabelColumn, profile.Calibrated));
        Assert.Equal($"sha256:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(csv)))}", profile.DataDigest);
        Assert.Equal(FeatureNames(), profile.Features.Select(f => f.Name));
        Assert.Equal(["PredictedLabel.output", "Score.output", "Probability.output"], profile.Outputs.Select(o => o.Name));
        Assert.Equal(radius.Average(), profile.Features[0].Mean!.Value, 9);
        Assert.Equal((radius.Min(), radius.Max()), (profile.Features[0].Min, profile.Features[0].Max));
        Assert.Equal(["0", "1"], profile.Outputs[0].Categories!.Select(c => c.Name).Order());
    }

    [Fact]
    public async Task Put_TrainingRows_ExpectedAccuracyIsTheCalibratedShareCorrect()
    {
        var model = await PushAsync();

        var profile = await ReadProfile(await PutAsync(model, TrainingCsv()));

        // Training accuracy of the L-BFGS logistic regression is well above 0.9; calibration on the same rows reproduces it.
        Assert.InRange(profile.ExpectedAccuracy!.Value, 0.9, 1.0);
    }

    [Fact]
    public async Task Get_AfterPut_ReturnsTheStoredProfile()
    {
        var model = await PushAsync();
        var put = await ReadProfile(await PutAsync(model, TrainingCsv()));

        var got = await app.CreateClient().GetFromJsonAsync($"/api/v1/models/{model}/versions/1/profile", ModelplaneJsonContext.Default.ReferenceProfileDto, Ct);

        Assert.Equal((put.DataDigest, put.Rows, put.Calibrated), (got!.DataDigest, got.Rows, got.Calibrated));
        Assert.Equal(put.Features.Select(f => f.Mean), got.Features.Select(f => f.Mean));
    }

    [Fact]
    public async Task Get_NoProfile_Returns404SayingHowToCreateOne()
    {
        var model = await PushAsync();

        using var response = await app.CreateClient().GetAsync($"/api/v1/models/{model}/versions/1/profile", Ct);

        Assert.Contains($"modelplane models profile {model}@1 --data", await Error(response, HttpStatusCode.NotFound), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_TwentyNineColumns_Returns400NamingExpectedAndActualColumns()
    {
        var model = await PushAsync();
        var names = FeatureNames();

        using var response = await PutAsync(model, Csv([.. names[..29], "diagnosis"], TrainingRows().Select(r => r[..29].Append(r[30]).ToArray())));

        var error = await Error(response, HttpStatusCode.BadRequest);
        Assert.Contains($"The data has 29 feature columns ('mean radius', 'mean texture',", error, StringComparison.Ordinal);
        Assert.Contains($"model {model}@1 takes 30 features in input 'Features'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_UnknownLabelColumn_Returns400NamingIt()
    {
        var model = await PushAsync();

        using var response = await PutAsync(model, TrainingCsv(), "?format=csv&label=target");

        Assert.StartsWith("Unknown label column 'target'", await Error(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_LabelColumnLeftAmongTheFeatures_Returns400CountingIt()
    {
        var model = await PushAsync();

        using var response = await PutAsync(model, TrainingCsv(), "?format=csv");

        Assert.Contains("The data has 31 feature columns", await Error(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_EmptyBody_Returns400SayingEmpty()
    {
        var model = await PushAsync();

        using var response = await PutAsync(model, "");

        Assert.Contains("The data is empty", await Error(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_NoFormat_Returns400SayingHowToGiveIt()
    {
        var model = await PushAsync();

        using var response = await PutAsync(model, TrainingCsv(), query: "", contentType: "application/octet-stream");

        Assert.Contains("?format=csv", await Error(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_BadFormat_Returns400()
    {
        var model = await PushAsync();

        using var response = await PutAsync(model, TrainingCsv(), query: "?format=xlsx");

        Assert.Contains("format 'xlsx' is not supported", await Error(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_NaNInfinityAndEmptyCells_CountedAsMissing()
    {
        var model = await PushAsync();
        var rows = TrainingRows();
        string[] bad = ["NaN", "inf", "-Infinity", "", "n/a"];
        for (var i = 0; i < bad.Length; i++)
        {
            rows[i * 7][1] = bad[i];
        }

        var profile = await ReadProfile(await PutAsync(model, Csv([.. FeatureNames(), "diagnosis"], rows)));

        Assert.Equal(5.0 / 455, profile.Features[1].MissingRate, 12);
        Assert.Equal(0, profile.Features[0].MissingRate);

        // The model cannot score a row with a missing value (its Binarizer refuses NaN): those rows' outputs are missing too.
        Assert.Equal(5.0 / 455, profile.Outputs[1].MissingRate, 12);
    }

    [Fact]
    public async Task GetLineage_AfterProfile_ShowsTheDataDigest()
    {
        var model = await PushAsync();
        var profile = await ReadProfile(await PutAsync(model, TrainingCsv()));

        using var doc = JsonDocument.Parse(await app.CreateClient().GetStringAsync($"/api/v1/models/{model}/versions/1/lineage", Ct));

        var edge = Assert.Single(doc.RootElement.GetProperty("edges").EnumerateArray());
        Assert.Equal(("profiled_on", $"dataset:{profile.DataDigest}"), (edge.GetProperty("type").GetString(), edge.GetProperty("to").GetString()));
        var node = doc.RootElement.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("id").GetString() == $"dataset:{profile.DataDigest}");
        Assert.Equal(profile.DataDigest["sha256:".Length..], node.GetProperty("properties").GetProperty("sha256").GetString());
    }
}
