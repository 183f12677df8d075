using Google.Protobuf;
using Grpc.Net.Client;
using Modelplane.Server.Grpc.Protocol;
using Modelplane.Testing.Http;

namespace Modelplane.EndToEnd.Tests;

/// <summary><c>modelplane server --grpc-url</c>: the OIP gRPC service on its own cleartext HTTP/2 port of the real process.</summary>
public sealed class GrpcTests
{
    [Fact]
    public async Task ModelInfer_OverLoopbackHttp2_ReturnsTheRecordedPrediction()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ModelplaneProcess.StartAsync();
        var push = await server.CliAsync("models", "push", "breast-cancer", Samples.BreastCancerOnnx);
        Assert.True(push.ExitCode == 0, push.StdErr);
        var row = Samples.BreastCancerRows()[0]!;
        var features = row["features"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray();
        var raw = new byte[features.Length * sizeof(float)];
        Buffer.BlockCopy(features, 0, raw, 0, raw.Length);
        var request = new ModelInferRequest
        {
            ModelName = "breast-cancer",
            Inputs = { new ModelInferRequest.Types.InferInputTensor { Name = "Features", Datatype = "FP32", Shape = { 1, features.Length } } },
            Outputs = { new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "Probability.output" } },
            RawInputContents = { ByteString.CopyFrom(raw) },
        };

        using var channel = GrpcChannel.ForAddress(server.GrpcAddress, new GrpcChannelOptions { HttpHandler = new BearerTokenHandler(server.AdminToken, new SocketsHttpHandler()) });
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
        var ready = await client.ServerReadyAsync(new ServerReadyRequest(), cancellationToken: ct);
        var response = await client.ModelInferAsync(request, cancellationToken: ct);

        Assert.True(ready.Ready);
        Assert.Equal("1", response.ModelVersion);
        Assert.Equal("Probability.output", Assert.Single(response.Outputs).Name);
        Assert.Equal(row["probability"]!.GetValue<float>(), BitConverter.ToSingle(response.RawOutputContents[0].Span), 1e-5f);
    }
}
