using System.Text.Json;
using Modelplane.Registry.Models;
using Modelplane.Serving.Tests.TestModels;
using Modelplane.Testing.Onnx;

namespace Modelplane.Serving.Tests.Mlflow;

/// <summary>How columns map to several inputs, and how predictions are shaped for one output or several.</summary>
public sealed class MlflowScoringShapeTests : IDisposable
{
    private readonly IModelRunner _twoInputs = LrModel.NewFactory().Create(
        TwoInputsVersion(), OnnxModelBuilder.SumAndDifference("a", "b", 2).Build());

    private readonly IModelRunner _identity = LrModel.NewFactory().Create(
        IdentityOnnx.Version(TensorElementType.Float32, -1, 3), IdentityOnnx.Build(TensorElementType.Float32, -1, 3));

    private readonly IModelRunner _vector = LrModel.NewFactory().Create(
        IdentityOnnx.Version(TensorElementType.Int64, -1), IdentityOnnx.Build(TensorElementType.Int64, -1));

    [Fact]
    public void Decode_TwoInputsDataframeSplitColumnsInAnyOrder_FillsInputsByName()
    {
        using var response = Scoring.Score(_twoInputs, """{"dataframe_split": {"columns": ["b", "a"], "data": [[[1, 2], [10, 20]], [[3, 4], [30, 40]]]}}""");

        Assert.Equal("""[{"sum":[11,22],"difference":[9,18]},{"sum":[33,44],"difference":[27,36]}]""", Predictions(response));
    }

    [Fact]
    public void Decode_TwoInputsRecords_FillsInputsByName()
    {
        using var response = Scoring.Score(_twoInputs, """{"dataframe_records": [{"a": [5, 6], "b": [1, 1]}, {"b": [2, 2], "a": [0, 0]}]}""");

        Assert.Equal("""[{"sum":[6,7],"difference":[4,5]},{"sum":[2,2],"difference":[-2,-2]}]""", Predictions(response));
    }

    [Fact]
    public void Decode_TwoInputsTensorObject_FillsEachInputFromItsList()
    {
        using var response = Scoring.Score(_twoInputs, """{"inputs": {"a": [[1, 1]], "b": [[0.5, 0.25]]}}""");

        Assert.Equal("""{"sum":[[1.5,1.25]],"difference":[[0.5,0.75]]}""", Predictions(response));
    }

    [Fact]
    public void Decode_TwoInputsPositionalRows_TakesCellsInSignatureOrder()
    {
        using var response = Scoring.Score(_twoInputs, """{"dataframe_split": {"data": [[[4, 4], [1, 2]]]}}""");

        Assert.Equal("""[{"sum":[5,6],"difference":[3,2]}]""", Predictions(response));
    }

    [Fact]
    public void Decode_TwoInputsRecordWithoutOneInput_RejectsNamingIt()
    {
        var ex = Scoring.Reject(_twoInputs, """{"dataframe_records": [{"a": [5, 6]}]}""");

        Assert.Equal(400, ex.StatusCode);
        Assert.Contains("Input 'b' is missing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_TwoInputsUnknownColumn_RejectsNamingColumnAndInputs()
    {
        var ex = Scoring.Reject(_twoInputs, """{"dataframe_split": {"columns": ["a", "z"], "data": [[[1, 2], [3, 4]]]}}""");

        Assert.Contains("Column 'z'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(expected: a, b)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_SingleOutputWithSeveralValuesPerRow_ListPerRow()
    {
        using var response = Scoring.Score(_identity, """{"dataframe_split": {"data": [[1, 2.5, 3], [4, 5, -6]]}}""");

        Assert.Equal("[[1,2.5,3],[4,5,-6]]", Predictions(response));
    }

    [Fact]
    public void Encode_TensorInput_ObjectOfOutputArraysAsMlflowOnnxFlavor()
    {
        using var response = Scoring.Score(_identity, """{"inputs": [[1, 2.5, 3], [4, 5, -6]]}""");

        Assert.Equal("""{"y":[[1,2.5,3],[4,5,-6]]}""", Predictions(response));
    }

    [Fact]
    public void Encode_SingleOutputWithOneValuePerRow_OneNumberPerRow()
    {
        using var response = Scoring.Score(_vector, """{"dataframe_split": {"data": [[7], [8], [9007199254740993]]}}""");

        Assert.Equal("[7,8,9007199254740993]", Predictions(response));
    }

    public void Dispose()
    {
        _twoInputs.Dispose();
        _identity.Dispose();
        _vector.Dispose();
    }

    private static string Predictions(JsonDocument response) => response.RootElement.GetProperty("predictions").GetRawText();

    private static ModelVersion TwoInputsVersion() => new(
        "pair", 1, new string('b', 64), 0, "onnx",
        new ModelSignature(
            [new TensorSpec("a", TensorElementType.Float32, [-1, 2]), new TensorSpec("b", TensorElementType.Float32, [-1, 2])],
            [new TensorSpec("sum", TensorElementType.Float32, [-1, 2]), new TensorSpec("difference", TensorElementType.Float32, [-1, 2])]),
        null, new Dictionary<string, string>(), new Dictionary<string, double>(), DateTimeOffset.UnixEpoch);
}
