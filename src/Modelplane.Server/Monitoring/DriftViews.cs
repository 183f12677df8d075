using System.Globalization;
using System.Text.Json;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Registry.Monitoring;
using Modelplane.Serving.Monitoring.Statistics;

namespace Modelplane.Server.Monitoring;

/// <summary>Monitoring settings, windows and thresholds as the API shows them.</summary>
internal static class DriftViews
{
    /// <summary>The thresholds stored as JSON (a <see cref="DriftThresholdsDto"/>), missing fields at their defaults.</summary>
    public static DriftThresholds Thresholds(string json)
    {
        var dto = JsonSerializer.Deserialize(json, ModelplaneJson.Context.DriftThresholdsDto) ?? new DriftThresholdsDto();
        var defaults = new DriftThresholds();
        return new DriftThresholds
        {
            PsiWarning = dto.PsiWarning ?? defaults.PsiWarning,
            PsiAlert = dto.PsiAlert ?? defaults.PsiAlert,
            PValueAlpha = dto.PValueAlpha ?? defaults.PValueAlpha,
            MissingRateWarning = dto.MissingRateWarning ?? defaults.MissingRateWarning,
            MissingRateAlert = dto.MissingRateAlert ?? defaults.MissingRateAlert,
            MinRows = (int)Math.Min(dto.MinRows ?? defaults.MinRows, int.MaxValue),
            Overrides = dto.Features?.ToDictionary(f => f.Key, f => new FeatureThresholds(f.Value.PsiWarning, f.Value.PsiAlert), StringComparer.Ordinal)
                ?? defaults.Overrides,
        };
    }

    public static DriftThresholdsDto ToDto(DriftThresholds t) => new(
        t.PsiWarning, t.PsiAlert, t.PValueAlpha, t.MissingRateWarning, t.MissingRateAlert, t.MinRows,
        t.Overrides.ToDictionary(o => o.Key, o => new FeatureThresholdsDto(o.Value.PsiWarning, o.Value.PsiAlert), StringComparer.Ordinal));

    public static MonitoringSettingsDto ToDto(string endpoint, MonitoringSettings s) => new(
        endpoint, s.Enabled, s.WindowRows, s.WindowDuration is { } d ? Slos.SloWindows.Format(d) : null, s.ConsecutiveWindows, ToDto(Thresholds(s.ThresholdsJson)),
        s.UpdatedAt, s.UpdatedBy);

    public static DriftWindowDto ToDto(MonitoringWindow window, ReferenceProfile? reference, bool withBins = true)
    {
        var referenceFeatures = reference is null ? null : Index(reference.Profile);
        var liveFeatures = Index(window.Profile);
        return new DriftWindowDto(
            window.Id, window.Model, window.Version, window.StartedAt, window.EndedAt, window.Rows, DriftVerdicts.Name(window.Verdict), window.Streak,
            [.. window.Report.Features.Select(f => ToDto(f, withBins ? referenceFeatures?.GetValueOrDefault(Key(f)) : null, liveFeatures.GetValueOrDefault(Key(f))))]);
    }

    public static FeatureDriftDto ToDto(FeatureDrift f, FeatureProfile? reference, FeatureProfile? live) => new(
        f.Name, f.Kind == FeatureKind.Numeric ? "numeric" : "categorical", f.IsOutput, DriftVerdicts.Name(f.Verdict), f.Reason, f.Psi, f.KsStatistic, f.KsPValue, f.Wasserstein,
        f.JensenShannon, f.ChiSquare, f.ChiSquarePValue, f.ReferenceMissingRate, f.LiveMissingRate, reference is null || live is null ? null : Bins(reference, live));

    private static Dictionary<(string, bool), FeatureProfile> Index(DataProfile profile)
    {
        var index = new Dictionary<(string, bool), FeatureProfile>();
        foreach (var f in profile.Features)
        {
            index.TryAdd((f.Name, false), f);
        }

        foreach (var o in profile.Outputs)
        {
            index.TryAdd((o.Name, true), o);
        }

        return index;
    }

    private static (string, bool) Key(FeatureDrift f) => (f.Name, f.IsOutput);

    private static List<DriftBinDto> Bins(FeatureProfile reference, FeatureProfile live)
    {
        if (reference is { Numeric: { } r } && live is { Numeric: { } l } && r.Counts.Count == l.Counts.Count)
        {
            var edges = r.Edges;
            return [.. Enumerable.Range(0, r.Counts.Count).Select(i => new DriftBinDto(NumericLabel(edges, i), Share(r.Counts, i), Share(l.Counts, i)))];
        }

        if (reference is { Categorical: { } rc } && live is { Categorical: { } lc } && rc.Counts.Count == lc.Counts.Count)
        {
            var rTotal = rc.Counts.Sum() + rc.Other;
            var lTotal = lc.Counts.Sum() + lc.Other;
            return
            [
                .. rc.Categories.Select((c, i) => new DriftBinDto(c, Ratio(rc.Counts[i], rTotal), Ratio(lc.Counts[i], lTotal))),
                new DriftBinDto("other", Ratio(rc.Other, rTotal), Ratio(lc.Other, lTotal)),
            ];
        }

        return [];
    }

    private static string NumericLabel(IReadOnlyList<double> edges, int bin) => bin switch
    {
        _ when edges.Count == 0 => "all",
        0 => $"< {Number(edges[0])}",
        _ when bin == edges.Count => $"≥ {Number(edges[^1])}",
        _ => $"[{Number(edges[bin - 1])}, {Number(edges[bin])})",
    };

    private static string Number(double x) => x.ToString("G4", CultureInfo.InvariantCulture);

    private static double Share(IReadOnlyList<long> counts, int i) => Ratio(counts[i], counts.Sum());

    private static double Ratio(long part, long total) => total == 0 ? 0 : (double)part / total;
}
