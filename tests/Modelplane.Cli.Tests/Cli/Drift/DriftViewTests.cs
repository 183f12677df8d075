using Modelplane.Cli.Drift;

namespace Modelplane.Cli.Tests.Cli.Drift;

public sealed class DriftViewTests
{
    [Fact]
    public void Write_ClosedWindow_HeaderNamesVersionWindowRowsVerdictStreakAndOpenWindow()
    {
        var (output, text) = DriftSamples.Output();

        DriftView.Write(output, DriftSamples.Drift(DriftSamples.Version(windows: DriftSamples.Window())));

        Assert.Contains(
            "churn  churn@2  window 17  2026-05-01 12:00:00Z – 13:00:00Z  1,200 rows  verdict drift  streak 2  open window 312 rows since 2026-05-01 14:00:00Z",
            text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void FeatureTable_Features_KeepTheServersRankingAndMarkOutputs()
    {
        var (output, text) = DriftSamples.Output();

        output.Console.Write(DriftView.FeatureTable(DriftSamples.Window().Features));

        var rows = text.ToString().Split('\n').Where(l => l.StartsWith("│ ", StringComparison.Ordinal)).Skip(1).Select(l => l.Split('│', StringSplitOptions.TrimEntries)).ToList();
        Assert.Equal(["mean radius", "texture", "label (output)", "area", "smoothness"], rows.Select(r => r[2]));
        Assert.Equal(["1", "2", "3", "4", "5"], rows.Select(r => r[1]));
    }

    [Fact]
    public void FeatureTable_Statistics_ShowFourDecimalsPValuesInBracketsAndDashesWhereNull()
    {
        var (output, text) = DriftSamples.Output();

        output.Console.Write(DriftView.FeatureTable(DriftSamples.Window().Features));

        var cells = text.ToString().Split('\n').Where(l => l.StartsWith("│ ", StringComparison.Ordinal)).Select(l => l.Split('│', StringSplitOptions.TrimEntries)).ToList();
        Assert.Equal(["numeric", "drift", "0.4124", "0.3100 (<0.0001)", "0.1200", "0.2000", "–", "0.0% → 2.5%", "psi 0.41 >= 0.25"], cells[1][3..12]);
        Assert.Equal(["categorical", "stable", "0.0100", "–", "–", "0.0200", "1.5000 (0.2200)", "0.0% → 0.0%", "–"], cells[3][3..12]);
        Assert.Equal(["insufficient data", "–", "–", "–", "–", "–"], cells[5][4..10]);
    }

    [Fact]
    public void WriteWindow_FeaturesWithBins_HistogramsOfTheTopThreeOnly()
    {
        var (output, text) = DriftSamples.Output();

        DriftView.WriteWindow(output, "churn", DriftSamples.Window(), version: null);

        var written = text.ToString();
        Assert.Contains("mean radius: reference vs live (PSI 0.4124, drift)", written, StringComparison.Ordinal);
        Assert.Contains("texture: reference vs live (PSI 0.1500, warning)", written, StringComparison.Ordinal);
        Assert.Contains("label (output): reference vs live (PSI 0.0100, stable)", written, StringComparison.Ordinal);
        Assert.Contains("  [10, 15)    ref  ", written, StringComparison.Ordinal);
        Assert.Contains("  malignant  ref  ", written, StringComparison.Ordinal);
        Assert.DoesNotContain("area-bin", written, StringComparison.Ordinal);
        Assert.DoesNotContain("open window", written, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NoReferenceProfile_SaysHowToProfileTheVersion()
    {
        var (output, text) = DriftSamples.Output();

        DriftView.Write(output, DriftSamples.Drift(DriftSamples.Version(version: 3, monitored: false, openRows: 0)));

        Assert.Equal("churn@3: not monitored, no reference profile: run `modelplane models profile churn@3 --data FILE`", text.ToString().Trim());
    }

    [Fact]
    public void Write_MonitoringOff_SaysHowToEnableIt()
    {
        var (output, text) = DriftSamples.Output();

        DriftView.Write(output, DriftSamples.Drift(DriftSamples.Version(monitored: false, openRows: 0)) with { Settings = DriftSamples.FakeSettings(enabled: false) });

        Assert.Equal("churn@2: not monitored, monitoring is off for this endpoint: run `modelplane monitoring set churn --enable`", text.ToString().Trim());
    }

    [Fact]
    public void Write_NoClosedWindowYet_ShowsTheOpenWindow()
    {
        var (output, text) = DriftSamples.Output();

        DriftView.Write(output, DriftSamples.Drift(DriftSamples.Version(openRows: 312)));

        Assert.Equal("churn@2: no closed window yet; open window: 312 rows since 2026-05-01 14:00:00Z", text.ToString().Trim());
    }

    [Fact]
    public void Write_SeveralWindows_DetailsTheLatestAndListsAllInBrief()
    {
        var (output, text) = DriftSamples.Output();

        DriftView.Write(output, DriftSamples.Drift(DriftSamples.Version(windows: [DriftSamples.Window(18, "warning", 0), DriftSamples.Window(17)])));

        var written = text.ToString();
        Assert.Contains("window 18", written, StringComparison.Ordinal);
        Assert.DoesNotContain("window 17 ", written, StringComparison.Ordinal);
        Assert.Contains("churn@2: the latest 2 closed windows (see one with --window ID)", written, StringComparison.Ordinal);
        Assert.Matches(@"│ 17\s+│ 2026-05-01 12:00:00Z – 13:00:00Z │ 1,200 │ drift\s+│ 2\s+│ mean radius, texture\s+│", written);
    }

    [Fact]
    public void Write_NoVersions_SaysSo()
    {
        var (output, text) = DriftSamples.Output();

        DriftView.Write(output, DriftSamples.Drift());

        Assert.Equal("Endpoint churn has no versions to watch for drift.", text.ToString().Trim());
    }
}
