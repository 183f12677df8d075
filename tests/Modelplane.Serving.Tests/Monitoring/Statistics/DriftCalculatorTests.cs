using Modelplane.Registry.Monitoring;
using Modelplane.Serving.Monitoring.Statistics;

namespace Modelplane.Serving.Tests.Monitoring.Statistics;

/// <summary>Verdicts, reasons, ranking and validation of <see cref="DriftCalculator.Compare"/>.</summary>
public sealed partial class DriftCalculatorTests
{
    private static readonly long[] Flat = [10, 10, 10, 10, 10, 10, 10, 10, 10, 10];
    private static readonly long[] FlatLarge = [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000];

    // PSI 0.194, KS p 0.21 over 100 rows each: a PSI warning and nothing else.
    private static readonly long[] PsiWarningOnly = [20, 15, 10, 10, 10, 10, 10, 5, 5, 5];

    // PSI 0.0024, KS p 0.037 over 10,000 rows each: significant at 0.05, not after dividing it by ten.
    private static readonly long[] SignificantOnly = [1080, 1060, 1040, 1020, 1000, 1000, 980, 960, 940, 920];

    // PSI 0.134, KS p 1.5e-85: a warning-level PSI that the test confirms.
    private static readonly long[] SignificantModerate = [1800, 1400, 1200, 1000, 1000, 1000, 800, 700, 600, 500];

    // PSI 0.277 over 100 rows each, KS p ≈ 0.15: past the alert level by chance.
    private static readonly long[] NoisyMajor = [26, 4, 10, 10, 10, 10, 10, 10, 5, 5];

    // PSI 0.375: past the alert level.
    private static readonly long[] Major = [2000, 1800, 1500, 1000, 1000, 1000, 600, 500, 400, 200];

    [Fact]
    public void Compare_SameCounts_EveryFeatureStableWithoutReason()
    {
        var report = DriftCalculator.Compare(Profile(Numeric("a", Flat), Numeric("b", Flat)), Profile(Numeric("a", Flat), Numeric("b", Flat)), new());

        Assert.Equal(DriftVerdict.Stable, report.Verdict);
        Assert.All(report.Features, f => Assert.Equal((DriftVerdict.Stable, (string?)null), (f.Verdict, f.Reason)));
        Assert.Equal(0, report.Features[0].Psi);
    }

    [Fact]
    public void Compare_PsiPastAlert_DriftNamingPsi()
    {
        var report = DriftCalculator.Compare(Profile(Numeric("a", FlatLarge)), Profile(Numeric("a", Major)), new());

        var drift = Assert.Single(report.Features);
        Assert.Equal(DriftVerdict.Drift, report.Verdict);
        Assert.StartsWith("PSI 0.375 ≥ 0.25; KS p ", drift.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_PsiPastWarningNotSignificant_Warning()
    {
        var report = DriftCalculator.Compare(Profile(Numeric("a", Flat)), Profile(Numeric("a", PsiWarningOnly)), new());

        var drift = Assert.Single(report.Features);
        Assert.Equal((DriftVerdict.Warning, "PSI 0.194 ≥ 0.1"), (drift.Verdict, drift.Reason));
    }

    [Fact]
    public void Compare_SignificantWithSmallPsi_Warning()
    {
        var report = DriftCalculator.Compare(Profile(Numeric("a", FlatLarge)), Profile(Numeric("a", SignificantOnly)), new());

        var drift = Assert.Single(report.Features);
        Assert.Equal((DriftVerdict.Warning, "KS p 0.0366 < 0.05"), (drift.Verdict, drift.Reason));
    }

    [Fact]
    public void Compare_SignificantWithWarningPsi_Warning()
    {
        var report = DriftCalculator.Compare(Profile(Numeric("a", FlatLarge)), Profile(Numeric("a", SignificantModerate)), new());

        var drift = Assert.Single(report.Features);
        Assert.Equal((DriftVerdict.Warning, "PSI 0.134 ≥ 0.1; KS p 1.51E-85 < 0.05"), (drift.Verdict, drift.Reason));
    }

    [Fact]
    public void Compare_PsiPastAlertInASmallWindowNotSignificant_Warning()
    {
        // 100 rows each: bins of ten rows make PSI noisy; KS p ≈ 0.15 says the shape is within sampling noise.
        var report = DriftCalculator.Compare(Profile(Numeric("a", Flat)), Profile(Numeric("a", NoisyMajor)), new());

        var drift = Assert.Single(report.Features);
        Assert.Equal(DriftVerdict.Warning, drift.Verdict);
        Assert.True(drift.Psi >= 0.25 && drift.KsPValue > 0.05, $"PSI {drift.Psi}, KS p {drift.KsPValue}");
        Assert.StartsWith("PSI 0.2", drift.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_TenFeatures_TestsEachAtAlphaOverTen()
    {
        var names = Enumerable.Range(0, 10).Select(i => $"f{i}").ToArray();
        var reference = Profile([.. names.Select(n => Numeric(n, FlatLarge))]);
        var live = Profile([.. names.Select(n => Numeric(n, n == "f3" ? SignificantOnly : FlatLarge))]);

        var report = DriftCalculator.Compare(reference, live, new());

        Assert.Equal(DriftVerdict.Stable, report.Verdict);
        var f3 = report.Features.Single(f => f.Name == "f3");
        Assert.Equal(0.0366, f3.KsPValue!.Value, 1e-4);
    }

    [Fact]
    public void Compare_LiveWindowBelowMinRows_EverythingInsufficientData()
    {
        var live = Profile(Numeric("a", Major), Numeric("b", Flat)) with { Rows = 99 };

        var report = DriftCalculator.Compare(Profile(Numeric("a", FlatLarge), Numeric("b", Flat)), live, new());

        Assert.Equal(DriftVerdict.InsufficientData, report.Verdict);
        Assert.All(report.Features, f => Assert.Equal(DriftVerdict.InsufficientData, f.Verdict));
        Assert.Equal("99 rows in the window < minimum 100", report.Features[0].Reason);
        Assert.NotNull(report.Features[0].Psi);
    }

    [Fact]
    public void Compare_PsiOverride_AppliesToThatFeatureOnly()
    {
        var thresholds = new DriftThresholds { Overrides = new Dictionary<string, FeatureThresholds> { ["loose"] = new(0.4, 0.5) } };

        var report = DriftCalculator.Compare(
            Profile(Numeric("loose", FlatLarge), Numeric("strict", FlatLarge)), Profile(Numeric("loose", Major), Numeric("strict", Major)), thresholds);

        Assert.Equal(DriftVerdict.Drift, report.Features.Single(f => f.Name == "strict").Verdict);
        var loose = report.Features.Single(f => f.Name == "loose");
        Assert.Equal(DriftVerdict.Warning, loose.Verdict);
        Assert.DoesNotContain("PSI", loose.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(50, DriftVerdict.Drift, "missing rate 0 → 0.333 (change 0.333 ≥ 0.2)")]
    [InlineData(10, DriftVerdict.Warning, "missing rate 0 → 0.0909 (change 0.0909 ≥ 0.05)")]
    [InlineData(4, DriftVerdict.Stable, null)]
    public void Compare_MissingRateRises_JudgedByAbsoluteChange(int missing, DriftVerdict verdict, string? reason)
    {
        var live = Numeric("a", Flat) with { Count = 100 + missing, Missing = missing };

        var report = DriftCalculator.Compare(Profile(Numeric("a", Flat)), Profile(live), new());

        var drift = Assert.Single(report.Features);
        Assert.Equal((verdict, reason), (drift.Verdict, drift.Reason));
        Assert.Equal(missing / (100.0 + missing), drift.LiveMissingRate, 1e-12);
    }
}
