using Modelplane.Registry.Models;
using Modelplane.Registry.Monitoring;
using Modelplane.Serving.Monitoring;

namespace Modelplane.Serving.Tests.Monitoring;

public sealed class FeatureLayoutTests
{
    // As the registry reads samples/models/breast-cancer.onnx and iris.onnx.
    internal static readonly ModelSignature BreastCancer = new(
        [new TensorSpec("Features", TensorElementType.Float32, [-1, 30])],
        [
            new TensorSpec("PredictedLabel.output", TensorElementType.Bool, [-1, 1]),
            new TensorSpec("Score.output", TensorElementType.Float32, [-1, 1]),
            new TensorSpec("Probability.output", TensorElementType.Float32, [-1, 1]),
        ]);

    internal static readonly ModelSignature Iris = new(
        [new TensorSpec("Features", TensorElementType.Float32, [-1, 4])],
        [new TensorSpec("PredictedLabel.output", TensorElementType.Int64, [-1, 1]), new TensorSpec("Score.output", TensorElementType.Float32, [-1, 3])]);

    private static readonly ModelSignature Named = new(
        [
            new TensorSpec("age", TensorElementType.Float32, [-1]),
            new TensorSpec("member", TensorElementType.Bool, [-1, 1]),
            new TensorSpec("scores", TensorElementType.Int64, [-1, 2]),
        ],
        [new TensorSpec("y", TensorElementType.Float32, [-1])]);

    private static string[] Columns(int count) => [.. Enumerable.Range(0, count).Select(i => $"c{i}")];

    [Fact]
    public void For_TabularInputWithHeader_OneNumericFeaturePerColumnNamedByHeader()
    {
        var layout = FeatureLayout.For(BreastCancer, Columns(30));

        Assert.Equal(Columns(30), layout.Features.Select(f => f.Name));
        Assert.All(layout.Features, f => Assert.Equal((FeatureKind.Numeric, 0, 30), (f.Kind, f.Tensor, f.Width)));
        Assert.Equal(Enumerable.Range(0, 30), layout.Features.Select(f => f.Column));
    }

    [Fact]
    public void For_TabularInputWithoutHeader_NamesColumnsByInputAndIndex()
    {
        var layout = FeatureLayout.For(BreastCancer, columnNames: null);

        Assert.Equal("Features[0]", layout.Features[0].Name);
        Assert.Equal("Features[29]", layout.Features[29].Name);
    }

    [Fact]
    public void For_TwentyNineColumns_ThrowsNamingCountsInputAndColumns()
    {
        var ex = Assert.Throws<ProfileDataException>(() => FeatureLayout.For(BreastCancer, Columns(29), "breast-cancer@1"));

        Assert.Contains("29 feature columns", ex.Message, StringComparison.Ordinal);
        Assert.Contains("model breast-cancer@1 takes 30 features in input 'Features'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'c28'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void For_DuplicateColumnName_Throws()
    {
        var names = Columns(30);
        names[5] = "c4";

        var ex = Assert.Throws<ProfileDataException>(() => FeatureLayout.For(BreastCancer, names));

        Assert.Contains("'c4' more than once", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void For_BinaryModelOutputs_LabelIsCategoricalScoresNumericProbabilityBinary()
    {
        var layout = FeatureLayout.For(BreastCancer, Columns(30));

        Assert.Equal(
            [("PredictedLabel.output", FeatureKind.Categorical), ("Score.output", FeatureKind.Numeric), ("Probability.output", FeatureKind.Numeric)],
            layout.Outputs.Select(o => (o.Name, o.Kind)));
        Assert.Equal(new ProbabilitySource(2, 1, Binary: true), layout.Probability);
        Assert.Equal(0, layout.LabelOutput);
    }

    [Fact]
    public void For_MultiClassModel_ScoreColumnsAreNumericAndTheProbabilitySource()
    {
        var layout = FeatureLayout.For(Iris, Columns(4));

        Assert.Equal(["PredictedLabel.output", "Score.output[0]", "Score.output[1]", "Score.output[2]"], layout.Outputs.Select(o => o.Name));
        Assert.Equal(new ProbabilitySource(1, 3, Binary: false), layout.Probability);
    }

    [Fact]
    public void For_NamedInputs_OneFeaturePerInputColumnBooleansCategorical()
    {
        var layout = FeatureLayout.For(Named, ["scores[1]", "age", "member", "scores[0]"]);

        Assert.Equal(
            [("age", FeatureKind.Numeric, 0, 0), ("member", FeatureKind.Categorical, 1, 0), ("scores[0]", FeatureKind.Numeric, 2, 0), ("scores[1]", FeatureKind.Numeric, 2, 1)],
            layout.Features.Select(f => (f.Name, f.Kind, f.Tensor, f.Column)));
        Assert.Null(layout.Probability);
    }

    [Fact]
    public void For_NamedInputsWrongColumns_ThrowsNamingMissingAndUnknown()
    {
        var ex = Assert.Throws<ProfileDataException>(() => FeatureLayout.For(Named, ["age", "member", "scores[0]", "height"]));

        Assert.Contains("missing 'scores[1]'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not inputs 'height'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void For_StoredProfile_RebuildsTheSameSlots()
    {
        var original = FeatureLayout.For(BreastCancer, Columns(30));
        var profile = new DataProfile(0, [.. original.Features.Select(f => new FeatureProfile(f.Name, f.Kind, 0, 0))], []);

        var rebuilt = FeatureLayout.For(BreastCancer, profile);

        Assert.Equal(original.Features, rebuilt.Features);
        Assert.Equal(original.Outputs, rebuilt.Outputs);
    }
}
