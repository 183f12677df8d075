using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Modelplane.Server.Tests.Oip;

/// <summary>The ML.NET zip of the breast-cancer demo is registered as format mlnet and served over the same OIP routes.</summary>
public sealed class MlNetInferTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private static readonly string Zip = Path.Combine(AppContext.BaseDirectory, "samples", "mlnet", "breast-cancer.zip");
    private static readonly string Samples = Path.Combine(AppContext.BaseDirectory, "samples", "models", "breast-cancer.samples.json");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Push_MlNetZip_RegistersFormatMlNetWithItsSignature()
    {
        var version = await app.PushAsync(TestModels.UniqueName(), await File.ReadAllBytesAsync(Zip, Ct));

        Assert.Equal("mlnet", version.Format);
        Assert.Equal("Features", Assert.Single(version.Signature.Inputs).Name);
        Assert.Equal(["PredictedLabel", "Score", "Probability"], version.Signature.Outputs.Select(o => o.Name));
    }

    [Fact]
    public async Task Infer_MlNetZip_HeldOutRowsMatchRecordedProbabilities()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, await File.ReadAllBytesAsync(Zip, Ct));
        var rows = JsonNode.Parse(await File.ReadAllTextAsync(Samples, Ct))!["rows"]!.AsArray();
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
        using var response = await app.CreateClient().PostAsync($"/v2/models/{model}/infer", content, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var probability = doc.RootElement.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "Probability");
        var values = probability.GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        Assert.Equal(rows.Count, values.Length);
        Assert.All(values.Zip(rows), p => Assert.Equal(p.Second!["probability"]!.GetValue<float>(), p.First, 1e-5f));
    }

    [Fact]
    public async Task Metadata_MlNetModel_ReportsMlNetPlatformAndSignature()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, await File.ReadAllBytesAsync(Zip, Ct));

        using var doc = JsonDocument.Parse(await app.CreateClient().GetStringAsync($"/v2/models/{model}", Ct));

        Assert.Equal("mlnet_zip", doc.RootElement.GetProperty("platform").GetString());
        var input = Assert.Single(doc.RootElement.GetProperty("inputs").EnumerateArray());
        Assert.Equal(("Features", "FP32"), (input.GetProperty("name").GetString(), input.GetProperty("datatype").GetString()));
    }

    [Fact]
    public async Task Push_ZipWithParentDirectoryEntry_Returns400NamingTheEntry()
    {
        var (status, error) = await PushRawAsync(WithEntry(await File.ReadAllBytesAsync(Zip, Ct), "../escape.txt"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("the zip entry '../escape.txt' has an absolute path or a '..' segment", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_ZipThatIsNotMlNet_Returns400()
    {
        var (status, error) = await PushRawAsync(WithEntry([], "notes.txt"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("does not have ML.NET's layout", error, StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, string Body)> PushRawAsync(byte[] bytes)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/octet-stream");
        using var response = await app.CreateClient().PostAsync($"/api/v1/models/{TestModels.UniqueName()}/versions", content, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static byte[] WithEntry(byte[] zip, string entry)
    {
        using var buffer = new MemoryStream();
        buffer.Write(zip);
        using (var archive = new ZipArchive(buffer, zip.Length == 0 ? ZipArchiveMode.Create : ZipArchiveMode.Update, leaveOpen: true))
        {
            using var stream = archive.CreateEntry(entry).Open();
            stream.WriteByte(1);
        }

        return buffer.ToArray();
    }
}
