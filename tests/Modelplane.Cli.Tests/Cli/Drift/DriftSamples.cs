using Modelplane.Client.Contracts;

namespace Modelplane.Cli.Tests.Cli.Drift;

/// <summary>Drift and quality documents as the server would send them, and a <see cref="CliOutput"/> that writes to a string.</summary>
internal static class DriftSamples
{
    public static readonly DateTimeOffset Start = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A window of churn@2 whose features come most drifted first: two numeric, one categorical output, one stable, one without data.</summary>
    public static DriftWindowDto Window(long id = 17, string verdict = "drift", int streak = 2) => new(
        id, "churn", 2, Start, Start.AddHours(1), 1200, verdict, streak,
        [
            new FeatureDriftDto(
                "mean radius", "numeric", false, "drift", "psi 0.41 >= 0.25", 0.41237, 0.31, 0.0000012, 0.12, 0.2, null, null, 0, 0.025,
                [new DriftBinDto("(-inf, 10)", 0.10, 0.05), new DriftBinDto("[10, 15)", 0.20, 0.40), new DriftBinDto("[15, inf)", 0.70, 0.55)]),
            new FeatureDriftDto(
                "texture", "numeric", false, "warning", null, 0.15, 0.08, 0.0123, 0.03, 0.05, null, null, 0.01, 0.01,
                [new DriftBinDto("low", 0.5, 0.45), new DriftBinDto("high", 0.5, 0.55)]),
            new FeatureDriftDto(
                "label", "categorical", true, "stable", null, 0.01, null, null, null, 0.02, 1.5, 0.22, 0, 0,
                [new DriftBinDto("benign", 0.6, 0.62), new DriftBinDto("malignant", 0.4, 0.38)]),
            new FeatureDriftDto(
                "area", "numeric", false, "stable", null, 0.001, 0.01, 0.9, 0.001, 0.001, null, null, 0, 0,
                [new DriftBinDto("area-bin", 1, 1)]),
            new FeatureDriftDto("smoothness", "numeric", false, "insufficient_data", "constant in the reference", null, null, null, null, null, null, null, 0, 0, null),
        ]);

    public static EndpointDriftDto Drift(params VersionDriftDto[] versions) => new("churn", FakeSettings(), versions);

    public static VersionDriftDto Version(int version = 2, bool monitored = true, long openRows = 312, params DriftWindowDto[] windows)
        => new("churn", version, monitored, openRows, openRows > 0 ? Start.AddHours(2) : null, windows);

    public static MonitoringSettingsDto FakeSettings(bool enabled = true) => Fakes.FakeModelplaneServer.DefaultMonitoring("churn") with { Enabled = enabled };

    public static WindowQualityDto ClassifierWindow(long id = 17) => new(
        id, "churn", 2, Start, Start.AddHours(1), 1200, 300, 0.25, 5400,
        new QualityFiguresDto("classification", 300, Accuracy: 0.9123, Precision: 0.9, Recall: 0.88, F1: 0.8912, RocAuc: 0.95, LogLoss: 0.2345),
        new QualityFiguresDto("classification", 1200, Accuracy: 0.905, F1: 0.887), "realised");

    public static WindowQualityDto UnlabeledWindow(long id = 18) => new(
        id, "churn", 2, Start.AddHours(1), Start.AddHours(2), 1000, 0, 0, null, null,
        new QualityFiguresDto("classification", 1000, Accuracy: 0.81, F1: 0.79), "estimated");

    public static WindowQualityDto RegressionWindow(long id = 19) => new(
        id, "price", 1, Start, Start.AddHours(1), 500, 500, 1, 30,
        new QualityFiguresDto("regression", 500, MeanAbsoluteError: 1.23456, RootMeanSquaredError: 2.5, RSquared: 0.8764), null, "realised");

    /// <summary>A plain-text (no colour) output to a string, as a piped process gets.</summary>
    public static (CliOutput Output, StringWriter Text) Output(bool json = false)
    {
        var text = new StringWriter();
        var env = new CliEnvironment { Out = text, Error = new StringWriter(), In = new StringReader("") };
        return (new CliOutput(env, json), text);
    }
}
