using System.Globalization;
using System.Text;
using System.Text.Json;
using Modelplane.Server.Grpc.Protocol;

namespace Modelplane.Server.Tests.Grpc;

public sealed class GrpcInferTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private readonly GRPCInferenceService.GRPCInferenceServiceClient _client = GrpcTestClient.Create(app);

    [Fact]
    public async Task ModelInfer_Fp32Contents_ReturnsScikitLearnPredictionsAndTheRestAnswer()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, LrSamples.Model);

        var response = await _client.ModelInferAsync(LrRequest(model, rows: 4, raw: false), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(model, response.ModelName);
        Assert.Equal("1", response.ModelVersion);
        Assert.Equal(["label", "probability"], response.Outputs.Select(o => o.Name));
        Assert.Equal(["INT64", "FP32"], response.Outputs.Select(o => o.Datatype));
        Assert.Equal([4L], response.Outputs[0].Shape);
        Assert.Equal([4L, 1L], response.Outputs[1].Shape);
        Assert.Equal(LrSamples.Labels[..4], GrpcTestClient.Output<long>(response, "label"));
        var probabilities = GrpcTestClient.Output<float>(response, "probability");
        for (var r = 0; r < 4; r++)
        {
            Assert.Equal(LrSamples.Probabilities[r], probabilities[r], 1e-5);
        }
        var (restLabels, restProbabilities) = await RestAsync(model, rows: 4);
        Assert.Equal(restLabels, GrpcTestClient.Output<long>(response, "label"));
        Assert.Equal(restProbabilities, probabilities);
    }

    [Fact]
    public async Task ModelInfer_RawInputContents_ReturnsTheSameValuesAsTypedContents()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, LrSamples.Model);

        var typed = await _client.ModelInferAsync(LrRequest(model, rows: 8, raw: false), cancellationToken: TestContext.Current.CancellationToken);
        var raw = await _client.ModelInferAsync(LrRequest(model, rows: 8, raw: true), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(LrSamples.Labels[..8], GrpcTestClient.Output<long>(raw, "label"));
        Assert.Equal(GrpcTestClient.Output<long>(typed, "label"), GrpcTestClient.Output<long>(raw, "label"));
        Assert.Equal(GrpcTestClient.Output<float>(typed, "probability"), GrpcTestClient.Output<float>(raw, "probability"));
    }

    [Fact]
    public async Task ModelInfer_RequestedOutput_ReturnsOnlyThatOutput()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, LrSamples.Model);
        var request = LrRequest(model, rows: 2, raw: true);
        request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "probability" });

        var response = await _client.ModelInferAsync(request, cancellationToken: TestContext.Current.CancellationToken);

        var output = Assert.Single(response.Outputs);
        Assert.Equal("probability", output.Name);
        Assert.Single(response.RawOutputContents);
        Assert.Equal(2 * sizeof(float), response.RawOutputContents[0].Length);
    }

    [Fact]
    public async Task ModelInfer_WithId_EchoesId()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());
        var request = GrpcTestClient.Linear3(model, [1, 2, 3]);
        request.Id = "req-42";

        var response = await _client.ModelInferAsync(request, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("req-42", response.Id);
    }

    [Fact]
    public async Task ModelInfer_VersionNumberAndAlias_ServeThoseVersions()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3(bias: 0));
        await app.PushAsync(model, TestModels.Linear3(bias: 10));
        using (var alias = await app.CreateClient().PutAsync(
            $"/api/v1/models/{model}/aliases/stable", new StringContent("""{"version":1}""", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken))
        {
            Assert.True(alias.IsSuccessStatusCode, await alias.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        var latest = GrpcTestClient.Linear3(model, [1, 1, 1]);
        var first = GrpcTestClient.Linear3(model, [1, 1, 1]);
        first.ModelVersion = "1";
        var stable = GrpcTestClient.Linear3(model, [1, 1, 1]);
        stable.ModelVersion = "stable";

        var ct = TestContext.Current.CancellationToken;
        var fromLatest = await _client.ModelInferAsync(latest, cancellationToken: ct);
        var fromFirst = await _client.ModelInferAsync(first, cancellationToken: ct);
        var aliased = await _client.ModelInferAsync(stable, cancellationToken: ct);

        Assert.Equal([16f], GrpcTestClient.Output<float>(fromLatest, "y"));
        Assert.Equal([6f], GrpcTestClient.Output<float>(fromFirst, "y"));
        Assert.Equal([6f], GrpcTestClient.Output<float>(aliased, "y"));
        Assert.Equal("1", aliased.ModelVersion);
    }

    [Fact]
    public async Task ModelInfer_TimeoutParameter_IsAccepted()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3(bias: 0.5f));
        var request = GrpcTestClient.Linear3(model, [2, 0, 0.25f]);
        request.Parameters["timeout"] = new InferParameter { Int64Param = 5_000_000 };

        var response = await _client.ModelInferAsync(request, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([3.25f], GrpcTestClient.Output<float>(response, "y"));
    }

    internal static ModelInferRequest LrRequest(string model, int rows, bool raw)
    {
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "input", Datatype = "FP32", Shape = { rows, 30 } };
        var values = LrSamples.Rows[..rows].SelectMany(r => r).ToArray();
        var request = new ModelInferRequest { ModelName = model, Inputs = { input } };
        if (raw)
        {
            request.RawInputContents.Add(GrpcTestClient.Raw(values));
        }
        else
        {
            input.Contents = new InferTensorContents();
            input.Contents.Fp32Contents.AddRange(values);
        }
        return request;
    }

    private async Task<(long[] Labels, float[] Probabilities)> RestAsync(string model, int rows)
    {
        // The same float values as the gRPC request, written so they parse back exactly.
        var data = string.Join(",", LrSamples.Rows[..rows].SelectMany(r => r).Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        var body = $$"""{"inputs":[{"name":"input","shape":[{{rows}},30],"datatype":"FP32","data":[{{data}}]}]}""";
        using var response = await app.CreateClient().PostAsync(
            $"/v2/models/{model}/infer", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        JsonElement Output(string name) => doc.RootElement.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == name);
        return (
            [.. Output("label").GetProperty("data").EnumerateArray().Select(e => e.GetInt64())],
            [.. Output("probability").GetProperty("data").EnumerateArray().Select(e => e.GetSingle())]);
    }
}
