using Modelplane.Cli.Drift;
using Modelplane.Client.Contracts;

namespace Modelplane.Cli.Tests.Cli.Drift;

public sealed class QualityViewTests
{
    [Fact]
    public void Write_ClassifierWindows_OneRowPerWindowWithRealisedEstimatedAndSource()
    {
        var (output, text) = DriftSamples.Output();

        QualityView.Write(output, new EndpointQualityDto("churn", 0.2, [DriftSamples.ClassifierWindow(), DriftSamples.UnlabeledWindow()]));

        var rows = Rows(text.ToString());
        Assert.Equal(["Window", "Version", "Time", "Rows", "Labeled", "Coverage", "Label delay", "Accuracy", "F1", "AUC", "Log loss", "Est. acc.", "Est. F1", "Objective"], rows[0]);
        Assert.Equal(["17", "churn@2", "2026-05-01 12:00:00Z – 13:00:00Z", "1,200", "300", "25.0%", "1.5h", "0.912", "0.891", "0.950", "0.2345", "0.905", "0.887", "realised"], rows[1]);
        Assert.Equal(["18", "churn@2", "2026-05-01 13:00:00Z – 14:00:00Z", "1,000", "0", "0.0%", "–", "–", "–", "–", "–", "0.810", "0.790", "estimated"], rows[2]);
        Assert.Contains("realised from labels when at least 20.0% of the rows are labeled", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Table_RegressionOnly_ShowsErrorColumnsInsteadOfClassificationOnes()
    {
        var (output, text) = DriftSamples.Output();

        output.Console.Write(QualityView.Table([DriftSamples.RegressionWindow()]));

        var rows = Rows(text.ToString());
        Assert.Equal(["Window", "Version", "Time", "Rows", "Labeled", "Coverage", "Label delay", "MAE", "RMSE", "R²", "Objective"], rows[0]);
        Assert.Equal(["19", "price@1", "2026-05-01 12:00:00Z – 13:00:00Z", "500", "500", "100.0%", "30s", "1.235", "2.5", "0.876", "realised"], rows[1]);
    }

    [Fact]
    public void Table_ClassifierAndRegressor_ShowsBothSetsWithDashesWhereTheyDoNotApply()
    {
        var (output, text) = DriftSamples.Output();

        output.Console.Write(QualityView.Table([DriftSamples.ClassifierWindow(), DriftSamples.RegressionWindow()]));

        var rows = Rows(text.ToString());
        Assert.Equal(17, rows[0].Count);
        Assert.Equal(["–", "–", "–"], rows[1][13..16]);
        Assert.Equal(["–", "–", "–", "–", "–", "–"], rows[2][7..13]);
    }

    [Fact]
    public void Write_NoWindows_PointsAtTheOpenWindow()
    {
        var (output, text) = DriftSamples.Output();

        QualityView.Write(output, new EndpointQualityDto("churn", 0.2, []));

        Assert.Equal("Endpoint churn has no closed monitoring windows yet; see `modelplane drift churn` for the open one.", text.ToString().Trim());
    }

    private static List<List<string>> Rows(string table) =>
        [.. table.Split('\n').Where(l => l.StartsWith("│ ", StringComparison.Ordinal)).Select(l => l.Split('│', StringSplitOptions.TrimEntries)[1..^1].ToList())];
}
