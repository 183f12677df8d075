using System.Globalization;
using Modelplane.Registry.Models;
using Modelplane.Serving.Monitoring;
using Modelplane.Serving.Monitoring.Profiles;
using Modelplane.Serving.Tests.TestModels;

namespace Modelplane.Serving.Tests.Monitoring.Profiles;

/// <summary>Profiling rows run through a real ONNX Runtime runner: the bench's LR model and the iris demo model.</summary>
public sealed class ProfileRunnerTests(LrModel lr)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ProfileColumn[] Columns(double[][] rows, int width)
    {
        var builder = new ProfileTableBuilder([.. Enumerable.Range(0, width).Select(j => $"f{j}")], int.MaxValue);
        foreach (var row in rows)
        {
            var r = builder.NextRow();
            for (var j = 0; j < width; j++)
            {
                builder.SetNumber(r, j, row[j]);
            }
        }

        return [.. builder.Build("sha256:00", "csv").Columns];
    }

    [Fact]
    public async Task RunAsync_MoreRowsThanOneBatch_ProbabilitiesAndLabelsMatchScikitLearn()
    {
        // 600 rows: three batches, the last one partial.
        var rows = Enumerable.Range(0, 600).Select(i => lr.Rows[i % lr.Rows.Length]).ToArray();
        var layout = FeatureLayout.For(LrModel.Version.Signature, [.. Enumerable.Range(0, 30).Select(j => $"f{j}")]);

        var outputs = await ProfileRunner.RunAsync(lr.Runner, layout, Columns(rows, 30), TimeProvider.System, Ct);

        for (var r = 0; r < rows.Length; r++)
        {
            Assert.Equal(lr.Probabilities[r % lr.Rows.Length], outputs.Probabilities![r], 5);
            Assert.Equal(lr.Labels[r % lr.Rows.Length].ToString(CultureInfo.InvariantCulture), outputs.Columns[0].Text(r));
        }
    }

    [Fact]
    public async Task RunAsync_MissingValue_ReachesTheModelAsNaNAndTheOutputIsMissing()
    {
        var rows = lr.Rows.Take(3).Select(r => r.ToArray()).ToArray();
        rows[1][4] = double.NaN;
        var layout = FeatureLayout.For(LrModel.Version.Signature, [.. Enumerable.Range(0, 30).Select(j => $"f{j}")]);

        var outputs = await ProfileRunner.RunAsync(lr.Runner, layout, Columns(rows, 30), TimeProvider.System, Ct);

        Assert.Equal(lr.Probabilities[0], outputs.Columns[1].Numbers[0], 5);
        Assert.True(double.IsNaN(outputs.Columns[1].Numbers[1]));
    }

    [Fact]
    public async Task RunAsync_RowTheModelFailsOn_OnlyThatRowsOutputsAreMissing()
    {
        // The ML.NET export's Binarizer refuses NaN, so a missing value fails its batch; the other rows still get answers.
        using var runner = BreastCancer(out var layout);
        var rows = lr.Rows.Take(5).Select(r => r.ToArray()).ToArray();
        rows[2][1] = double.NaN;

        var outputs = await ProfileRunner.RunAsync(runner, layout, Columns(rows, 30), TimeProvider.System, Ct);

        Assert.Equal(1, outputs.FailedRows);
        Assert.Contains("NaN", outputs.FirstError, StringComparison.Ordinal);
        Assert.Equal([true, true, false, true, true], outputs.Columns[2].Numbers.Select(double.IsFinite));
    }

    [Fact]
    public async Task RunAsync_ModelFailsOnEveryRow_ThrowsProfileDataException()
    {
        using var runner = BreastCancer(out var layout);
        var rows = lr.Rows.Take(2).Select(r => r.Select(_ => double.NaN).ToArray()).ToArray();

        var ex = await Assert.ThrowsAsync<ProfileDataException>(() => ProfileRunner.RunAsync(runner, layout, Columns(rows, 30), TimeProvider.System, Ct));

        Assert.Contains("failed on every row", ex.Message, StringComparison.Ordinal);
    }

    private static IModelRunner BreastCancer(out FeatureLayout layout)
    {
        var version = new ModelVersion(
            "breast-cancer", 1, new string('c', 64), 0, "onnx", FeatureLayoutTests.BreastCancer, null,
            new Dictionary<string, string>(), new Dictionary<string, double>(), DateTimeOffset.UnixEpoch);
        layout = FeatureLayout.For(version.Signature, [.. Enumerable.Range(0, 30).Select(j => $"f{j}")]);
        return LrModel.NewFactory().Create(version, File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "samples", "models", "breast-cancer.onnx")));
    }

    [Fact]
    public async Task Profile_IrisTrainingRows_CalibratedAccuracyNearRealisedAccuracy()
    {
        var version = new ModelVersion(
            "iris", 1, new string('b', 64), 0, "onnx",
            new ModelSignature(
                [new TensorSpec("Features", TensorElementType.Float32, [-1, 4])],
                [new TensorSpec("PredictedLabel.output", TensorElementType.Int64, [-1, 1]), new TensorSpec("Score.output", TensorElementType.Float32, [-1, 3])]),
            null, new Dictionary<string, string>(), new Dictionary<string, double>(), DateTimeOffset.UnixEpoch);
        using var runner = LrModel.NewFactory().Create(version, File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "samples", "models", "iris.onnx")));
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "samples", "data", "iris.csv")).Skip(1)
            .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var builder = new ProfileTableBuilder(["y"], int.MaxValue);
        foreach (var line in lines)
        {
            builder.SetNumber(builder.NextRow(), 0, line[4]);
        }

        var labels = builder.Build("sha256:00", "csv").Columns[0];
        var layout = FeatureLayout.For(version.Signature, ["a", "b", "c", "d"]);
        var features = Columns(lines, 4);

        var outputs = await ProfileRunner.RunAsync(runner, layout, features, TimeProvider.System, Ct);
        var result = ReferenceProfiler.Profile(layout, features, outputs, labels);

        var realised = Enumerable.Range(0, lines.Length).Count(r => outputs.Columns[0].Text(r) == labels.Text(r)) / (double)lines.Length;
        var expected = result.Profile.Confidence!.ExpectedCorrect / result.Profile.Confidence.Rows;
        Assert.True(realised > 0.9, $"realised accuracy {realised}");
        Assert.Equal(realised, expected, 2);
    }
}
