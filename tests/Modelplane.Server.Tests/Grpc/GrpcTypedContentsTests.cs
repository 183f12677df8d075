using Grpc.Core;
using Modelplane.Registry.Models;
using Modelplane.Server.Grpc.Protocol;
using Modelplane.Testing.Onnx;
using InputTensor = Modelplane.Server.Grpc.Protocol.ModelInferRequest.Types.InferInputTensor;

namespace Modelplane.Server.Tests.Grpc;

/// <summary>Each typed contents field through a real Identity model: what goes in must come back, byte for byte.</summary>
public sealed class GrpcTypedContentsTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private readonly GRPCInferenceService.GRPCInferenceServiceClient _client = GrpcTestClient.Create(app);

    [Fact]
    public async Task ModelInfer_Int64Contents_ReturnsTheSameValues()
    {
        var response = await IdentityAsync(TensorElementType.Int64, "INT64", c => c.Int64Contents.AddRange([long.MinValue, -1, 0, long.MaxValue]));

        Assert.Equal([long.MinValue, -1, 0, long.MaxValue], GrpcTestClient.Output<long>(response, "v_out"));
    }

    [Fact]
    public async Task ModelInfer_Int8IntContents_NarrowsEachValue()
    {
        var response = await IdentityAsync(TensorElementType.Int8, "INT8", c => c.IntContents.AddRange([-128, -1, 0, 127]));

        Assert.Equal([-128, -1, 0, 127], GrpcTestClient.Output<sbyte>(response, "v_out"));
    }

    [Fact]
    public async Task ModelInfer_UInt16UintContents_NarrowsEachValue()
    {
        var response = await IdentityAsync(TensorElementType.UInt16, "UINT16", c => c.UintContents.AddRange([0, 1, 300, 65535]));

        Assert.Equal([0, 1, 300, 65535], GrpcTestClient.Output<ushort>(response, "v_out"));
    }

    [Fact]
    public async Task ModelInfer_Fp64Contents_ReturnsTheSameValues()
    {
        var response = await IdentityAsync(TensorElementType.Float64, "FP64", c => c.Fp64Contents.AddRange([0.1, -2.5, 1e300, double.Epsilon]));

        Assert.Equal([0.1, -2.5, 1e300, double.Epsilon], GrpcTestClient.Output<double>(response, "v_out"));
    }

    [Fact]
    public async Task ModelInfer_BoolContents_ReturnsOneByteEach()
    {
        var response = await IdentityAsync(TensorElementType.Bool, "BOOL", c => c.BoolContents.AddRange([true, false, false, true]));

        Assert.Equal("BOOL", response.Outputs[0].Datatype);
        Assert.Equal([1, 0, 0, 1], GrpcTestClient.Output<byte>(response, "v_out"));
    }

    [Fact]
    public async Task ModelInfer_Int8ValueOutOfRange_FailsNamingTheElement()
    {
        await GrpcTestClient.FailsAsync(StatusCode.InvalidArgument, "Input 'v' element 2 is 200, which is out of range for INT8.", () =>
            IdentityAsync(TensorElementType.Int8, "INT8", c => c.IntContents.AddRange([1, 2, 200, 3])));
    }

    private async Task<ModelInferResponse> IdentityAsync(TensorElementType type, string datatype, Action<InferTensorContents> fill)
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, OnnxModelBuilder.Identity("v", type, [-1, 2]).Build());
        var input = new InputTensor { Name = "v", Datatype = datatype, Shape = { 2, 2 }, Contents = new() };
        fill(input.Contents);

        var response = await _client.ModelInferAsync(new ModelInferRequest { ModelName = model, Inputs = { input } }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([2L, 2L], response.Outputs[0].Shape);
        return response;
    }
}
