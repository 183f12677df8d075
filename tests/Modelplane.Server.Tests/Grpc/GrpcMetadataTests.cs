using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Modelplane.Server.Grpc.Protocol;

namespace Modelplane.Server.Tests.Grpc;

public sealed class GrpcMetadataTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private readonly GRPCInferenceService.GRPCInferenceServiceClient _client = GrpcTestClient.Create(app);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ServerLive_Running_ReturnsLive()
    {
        var response = await _client.ServerLiveAsync(new ServerLiveRequest(), cancellationToken: Ct);

        Assert.True(response.Live);
    }

    [Fact]
    public async Task ServerReady_Started_ReturnsReady()
    {
        var response = await _client.ServerReadyAsync(new ServerReadyRequest(), cancellationToken: Ct);

        Assert.True(response.Ready);
    }

    [Fact]
    public async Task ServerMetadata_Always_MatchesTheRestAnswer()
    {
        var response = await _client.ServerMetadataAsync(new ServerMetadataRequest(), cancellationToken: Ct);

        using var rest = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/v2", Ct));
        Assert.Equal("modelplane", response.Name);
        Assert.Equal(rest.RootElement.GetProperty("version").GetString(), response.Version);
        Assert.Empty(response.Extensions);
    }

    [Fact]
    public async Task ModelReady_PushedModel_ReturnsReady()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());

        Assert.True((await _client.ModelReadyAsync(new ModelReadyRequest { Name = model }, cancellationToken: Ct)).Ready);
        Assert.True((await _client.ModelReadyAsync(new ModelReadyRequest { Name = model, Version = "1" }, cancellationToken: Ct)).Ready);
    }

    [Fact]
    public async Task ModelReady_UnknownModelOrVersion_ReturnsNotReady()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());

        Assert.False((await _client.ModelReadyAsync(new ModelReadyRequest { Name = "no-such-model" }, cancellationToken: Ct)).Ready);
        Assert.False((await _client.ModelReadyAsync(new ModelReadyRequest { Name = model, Version = "2" }, cancellationToken: Ct)).Ready);
    }

    [Fact]
    public async Task ModelMetadata_LrModel_DescribesTensorsVersionsAndPlatform()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, LrSamples.Model);
        await app.PushAsync(model, LrSamples.Model);

        var response = await _client.ModelMetadataAsync(new ModelMetadataRequest { Name = model, Version = "1" }, cancellationToken: Ct);

        Assert.Equal(model, response.Name);
        Assert.Equal("onnxruntime_onnx", response.Platform);
        Assert.Equal(["1", "2"], response.Versions.Order());
        var input = Assert.Single(response.Inputs);
        Assert.Equal("input:FP32:-1,30", $"{input.Name}:{input.Datatype}:{string.Join(",", input.Shape)}");
        Assert.Equal(["label:INT64:-1", "probability:FP32:-1,1"], response.Outputs.Select(o => $"{o.Name}:{o.Datatype}:{string.Join(",", o.Shape)}"));
    }

    [Fact]
    public async Task ModelMetadata_UnknownModel_FailsNotFound()
    {
        await GrpcTestClient.FailsAsync(StatusCode.NotFound, "Model 'no-such-model' not found", () =>
            _client.ModelMetadataAsync(new ModelMetadataRequest { Name = "no-such-model" }, cancellationToken: Ct).ResponseAsync);
    }
}
