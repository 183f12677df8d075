using Grpc.Core;
using Modelplane.Server.Grpc.Protocol;

namespace Modelplane.Server.Tests.Grpc;

public sealed class GrpcLimitsTests(SmallLimitsAppFactory app) : IClassFixture<SmallLimitsAppFactory>
{
    private readonly GRPCInferenceService.GRPCInferenceServiceClient _client = GrpcTestClient.Create(app);

    [Fact]
    public async Task ModelInfer_MessageOverMaxRequestBytes_FailsResourceExhausted()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());
        // 200 rows of 3 floats is 2,400 bytes of data alone, over the 2,048-byte limit.
        var request = new ModelInferRequest { ModelName = model, Inputs = { new ModelInferRequest.Types.InferInputTensor { Name = "x", Datatype = "FP32", Shape = { 200, 3 } } } };
        request.RawInputContents.Add(GrpcTestClient.Raw(new float[600]));

        await GrpcTestClient.FailsAsync(StatusCode.ResourceExhausted, "exceeds the maximum", () =>
            _client.ModelInferAsync(request, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
    }

    [Fact]
    public async Task ModelInfer_MoreElementsThanTheLimit_FailsResourceExhausted()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());
        var request = GrpcTestClient.Linear3(model, [.. Enumerable.Repeat(new float[] { 1, 2, 3 }, 30)]);

        await GrpcTestClient.FailsAsync(StatusCode.ResourceExhausted, "Input 'x' has 90 elements; the limit is 64.", () =>
            _client.ModelInferAsync(request, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
    }
}
