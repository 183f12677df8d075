using Modelplane.Registry.Models;
using Modelplane.Registry.Monitoring;
using Modelplane.Serving.Monitoring;
using Modelplane.Serving.Monitoring.Profiles;

namespace Modelplane.Serving.Tests.Monitoring.Profiles;

public sealed class ReferenceProfilerTests
{
    private static readonly ModelSignature Binary = new(
        [new TensorSpec("x", TensorElementType.Float32, [-1]), new TensorSpec("member", TensorElementType.Bool, [-1])],
        [new TensorSpec("label", TensorElementType.Int64, [-1]), new TensorSpec("probability", TensorElementType.Float32, [-1, 1])]);

    private static readonly ModelSignature ThreeClasses = new(
        [new TensorSpec("x", TensorElementType.Float32, [-1])],
        [new TensorSpec("label", TensorElementType.Int64, [-1]), new TensorSpec("scores", TensorElementType.Float32, [-1, 3])]);

    private static ProfileColumn Column(string name, params string?[] cells)
    {
        var builder = new ProfileTableBuilder([name], int.MaxValue);
        foreach (var cell in cells)
        {
            builder.SetText(builder.NextRow(), 0, cell);
        }

        return builder.Build("sha256:00", "csv").Columns[0];
    }

    // Rows with P(positive) 0.05, 0.15, ..., 0.95 (one per calibration bin but bin 3), labelled by the given outcomes.
    private static (FeatureLayout Layout, ProfileOutputs Outputs, ProfileColumn[] Features) BinaryRows(double[] probabilities)
    {
        var layout = FeatureLayout.For(Binary, ["x", "member"]);
        var outputs = new ProfileOutputs(layout, probabilities.Length);
        for (var r = 0; r < probabilities.Length; r++)
        {
            outputs.SetText(0, r, probabilities[r] >= 0.5 ? "1" : "0");
            outputs.SetNumber(1, r, probabilities[r]);
            outputs.SetProbability(r, 0, probabilities[r]);
        }

        var x = Column("x", [.. probabilities.Select((_, r) => r.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        var member = Column("member", [.. probabilities.Select((_, r) => r % 2 == 0 ? "true" : "false")]);
        return (layout, outputs, [x, member]);
    }

    [Fact]
    public void Profile_BinaryWithLabels_ObservedIsShareOfPositivesPerBinEmptyBinsKeepMidpoint()
    {
        var (layout, outputs, features) = BinaryRows([0.05, 0.08, 0.15, 0.25, 0.55, 0.95, 0.97]);
        var labels = Column("y", "0", "1", "0", "1", "true", "1", "0");

        var calibration = ReferenceProfiler.Profile(layout, features, outputs, labels).Calibration!;

        Assert.True(calibration.Binary);
        Assert.Equal([0.5, 0, 1, 0.35, 0.45, 1, 0.65, 0.75, 0.85, 0.5], calibration.Observed);
    }

    [Fact]
    public void Profile_BinaryWithLabels_ConfidenceSumsUseTheCalibratedProbabilities()
    {
        var (layout, outputs, features) = BinaryRows([0.05, 0.08, 0.95, 0.97]);
        var labels = Column("y", "0", "1", "1", "0");

        var profile = ReferenceProfiler.Profile(layout, features, outputs, labels).Profile;

        // Bins 0 and 9 both calibrate to 0.5: each row is a coin toss whatever the model said.
        Assert.Equal(new ConfidenceSums(4, 2, 1, 1, 1), profile.Confidence);
    }

    [Fact]
    public void Profile_NoLabels_NoCalibrationAndRawConfidence()
    {
        var (layout, outputs, features) = BinaryRows([0.1, 0.8]);

        var result = ReferenceProfiler.Profile(layout, features, outputs, labels: null);

        var sums = result.Profile.Confidence!;
        Assert.Null(result.Calibration);
        Assert.Equal(2, sums.Rows);
        Assert.Equal([1.7, 0.8, 0.2, 0.1], new[] { sums.ExpectedCorrect, sums.ExpectedTruePositives, sums.ExpectedFalsePositives, sums.ExpectedFalseNegatives }, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void Profile_BooleanFeatureAndLabelOutput_AreCategoriesOneAndZero()
    {
        var (layout, outputs, features) = BinaryRows([0.1, 0.8, 0.9]);

        var profile = ReferenceProfiler.Profile(layout, features, outputs, labels: null).Profile;

        Assert.Equal(["1", "0"], profile.Features[1].Categorical!.Categories);
        Assert.Equal(["1", "0"], profile.Outputs[0].Categorical!.Categories);
        Assert.Equal([2, 1], profile.Outputs[0].Categorical!.Counts);
    }

    [Fact]
    public void Profile_LabelsThatAreNotBinary_ThrowsNamingTheColumn()
    {
        var (layout, outputs, features) = BinaryRows([0.1, 0.8]);

        var ex = Assert.Throws<ProfileDataException>(() => ReferenceProfiler.Profile(layout, features, outputs, Column("diagnosis", "malignant", "benign")));

        Assert.Contains("'diagnosis'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Profile_MultiClassWithLabels_ObservedIsShareCorrectPerBinOfTopProbability()
    {
        var layout = FeatureLayout.For(ThreeClasses, ["x"]);
        double[][] scores = [[0.9, 0.05, 0.05], [0.1, 0.85, 0.05], [0.2, 0.3, 0.5], [0.4, 0.15, 0.45]];
        var outputs = new ProfileOutputs(layout, scores.Length);
        for (var r = 0; r < scores.Length; r++)
        {
            var top = Array.IndexOf(scores[r], scores[r].Max());
            outputs.SetText(0, r, top.ToString(System.Globalization.CultureInfo.InvariantCulture));
            for (var j = 0; j < 3; j++)
            {
                outputs.SetNumber(1 + j, r, scores[r][j]);
                outputs.SetProbability(r, j, scores[r][j]);
            }
        }

        var result = ReferenceProfiler.Profile(layout, [Column("x", "1", "2", "3", "4")], outputs, Column("species", "0", "1", "0", "2"));

        // 0.9 (bin 9) and 0.85 (bin 8) right, 0.5 (bin 5) wrong, 0.45 (bin 4) right.
        Assert.False(result.Calibration!.Binary);
        Assert.Equal([1.0, 0.0, 1.0], new[] { result.Calibration.Observed[4], result.Calibration.Observed[5], result.Calibration.Observed[8] });
        Assert.Equal(3, result.Profile.Confidence!.ExpectedCorrect, 12);
    }

    [Fact]
    public void Profile_Features_RowsMissingAndOutputsProfiled()
    {
        var (layout, outputs, features) = BinaryRows([0.1, 0.8, double.NaN]);

        var profile = ReferenceProfiler.Profile(layout, features, outputs, labels: null).Profile;

        Assert.Equal(3, profile.Rows);
        Assert.Equal(["x", "member"], profile.Features.Select(f => f.Name));
        Assert.Equal(["label", "probability"], profile.Outputs.Select(f => f.Name));
        Assert.Equal(1, profile.Outputs[1].Missing);
        Assert.Equal(2, profile.Confidence!.Rows);
    }
}
