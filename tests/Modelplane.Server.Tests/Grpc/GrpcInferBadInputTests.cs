using Grpc.Core;
using Modelplane.Server.Grpc.Protocol;
using InputTensor = Modelplane.Server.Grpc.Protocol.ModelInferRequest.Types.InferInputTensor;

namespace Modelplane.Server.Tests.Grpc;

public sealed class GrpcInferBadInputTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private readonly GRPCInferenceService.GRPCInferenceServiceClient _client = GrpcTestClient.Create(app);

    [Fact]
    public async Task ModelInfer_DatatypeNotTheModels_FailsInvalidArgumentNamingBoth()
    {
        var model = await PushLinearAsync();
        var input = new InputTensor { Name = "x", Datatype = "INT64", Shape = { 1, 3 }, Contents = new() { Int64Contents = { 1, 2, 3 } } };

        await InvalidAsync("Input 'x' has datatype INT64; the model expects FP32.", Request(model, input));
    }

    [Fact]
    public async Task ModelInfer_DataInAnotherTypesField_FailsNamingTheRightField()
    {
        var model = await PushLinearAsync();
        var input = new InputTensor { Name = "x", Datatype = "FP32", Shape = { 1, 3 }, Contents = new() { Int64Contents = { 1, 2, 3 } } };

        await InvalidAsync("its data belongs in 'contents.fp32_contents', not 'contents.int64_contents'", Request(model, input));
    }

    [Fact]
    public async Task ModelInfer_UnknownDatatype_FailsNamingIt()
    {
        var model = await PushLinearAsync();
        var request = GrpcTestClient.Linear3(model, [1, 2, 3]);
        request.Inputs[0].Datatype = "FLOAT";

        await InvalidAsync("Input 'x' has datatype 'FLOAT', which is not an OIP datatype.", request);
    }

    [Fact]
    public async Task ModelInfer_ShapeDisagreesWithContentsCount_FailsWithBothCounts()
    {
        var model = await PushLinearAsync();
        var request = GrpcTestClient.Linear3(model, [1, 2, 3], [4, 5, 6]);
        request.Inputs[0].Contents.Fp32Contents.RemoveAt(5);

        await InvalidAsync("Input 'x' shape [2,3] needs 6 elements but data has 5.", request);
    }

    [Fact]
    public async Task ModelInfer_RawLengthNotAWholeNumberOfElements_FailsNamingTheDatatype()
    {
        var model = await PushLinearAsync();
        var request = new ModelInferRequest { ModelName = model, Inputs = { new InputTensor { Name = "x", Datatype = "FP32", Shape = { 1, 3 } } } };
        request.RawInputContents.Add(Google.Protobuf.ByteString.CopyFrom(new byte[11]));

        await InvalidAsync("Input 'x' has 11 bytes of data, which is not a whole number of FP32 elements.", request);
    }

    [Fact]
    public async Task ModelInfer_RawShorterThanShape_FailsWithBothCounts()
    {
        var model = await PushLinearAsync();
        var request = new ModelInferRequest { ModelName = model, Inputs = { new InputTensor { Name = "x", Datatype = "FP32", Shape = { 2, 3 } } } };
        request.RawInputContents.Add(GrpcTestClient.Raw(1, 2, 3));

        await InvalidAsync("Input 'x' shape [2,3] needs 6 elements but data has 3.", request);
    }

    [Fact]
    public async Task ModelInfer_RawEntriesFewerThanInputs_FailsWithBothCounts()
    {
        var model = await PushLinearAsync();
        var request = new ModelInferRequest { ModelName = model, Inputs = { new InputTensor { Name = "x", Datatype = "FP32", Shape = { 1, 3 } } } };
        request.RawInputContents.Add(GrpcTestClient.Raw(1, 2, 3));
        request.RawInputContents.Add(GrpcTestClient.Raw(1, 2, 3));

        await InvalidAsync("Field 'raw_input_contents' has 2 entries but 'inputs' has 1", request);
    }

    [Fact]
    public async Task ModelInfer_UnknownInput_FailsListingTheModelsInputs()
    {
        var model = await PushLinearAsync();
        var request = GrpcTestClient.Linear3(model, [1, 2, 3]);
        request.Inputs[0].Name = "features";

        await InvalidAsync($"Input 'features' is not an input of model '{model}' (expected: x", request);
    }

    [Fact]
    public async Task ModelInfer_NoInputs_FailsNamingTheMissingInput()
    {
        var model = await PushLinearAsync();

        await InvalidAsync("Input 'x' is missing.", new ModelInferRequest { ModelName = model });
    }

    [Fact]
    public async Task ModelInfer_InputWithoutData_FailsSayingWhereDataGoes()
    {
        var model = await PushLinearAsync();
        var request = Request(model, new InputTensor { Name = "x", Datatype = "FP32", Shape = { 1, 3 } });

        await InvalidAsync("Input 'x' has no data", request);
    }

    [Fact]
    public async Task ModelInfer_UnknownOutput_FailsListingTheModelsOutputs()
    {
        var model = await PushLinearAsync();
        var request = GrpcTestClient.Linear3(model, [1, 2, 3]);
        request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "score" });

        await InvalidAsync($"Output 'score' is not an output of model '{model}' (expected: y", request);
    }

    [Fact]
    public async Task ModelInfer_NegativeTimeoutParameter_FailsNamingTheParameter()
    {
        var model = await PushLinearAsync();
        var request = GrpcTestClient.Linear3(model, [1, 2, 3]);
        request.Parameters["timeout"] = new InferParameter { Int64Param = -1 };

        await InvalidAsync("Parameter 'timeout' must be a positive int64_param number of microseconds.", request);
    }

    [Fact]
    public async Task ModelInfer_UnknownModel_FailsNotFound()
    {
        await GrpcTestClient.FailsAsync(StatusCode.NotFound, "Model 'no-such-model' not found", () =>
            _client.ModelInferAsync(GrpcTestClient.Linear3("no-such-model", [1, 2, 3]), cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
    }

    [Fact]
    public async Task ModelInfer_UnknownVersion_FailsNotFound()
    {
        var model = await PushLinearAsync();
        var request = GrpcTestClient.Linear3(model, [1, 2, 3]);
        request.ModelVersion = "7";

        await GrpcTestClient.FailsAsync(StatusCode.NotFound, $"Model '{model}' has no version 7.", () =>
            _client.ModelInferAsync(request, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
    }

    [Fact]
    public async Task ModelInfer_NoModelName_FailsInvalidArgument()
    {
        await InvalidAsync("Field 'model_name' is required.", GrpcTestClient.Linear3("", [1, 2, 3]));
    }

    private async Task<string> PushLinearAsync()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());
        return model;
    }

    private static ModelInferRequest Request(string model, InputTensor input) => new() { ModelName = model, Inputs = { input } };

    private Task<RpcException> InvalidAsync(string message, ModelInferRequest request) =>
        GrpcTestClient.FailsAsync(StatusCode.InvalidArgument, message, () =>
            _client.ModelInferAsync(request, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
}
