using System.Globalization;
using Modelplane.Registry.Monitoring;

namespace Modelplane.Serving.Monitoring.Statistics;

public static partial class DriftCalculator
{
    /// <summary>Turns one feature's statistics into its verdict and reason.</summary>
    /// <param name="Thresholds">The levels.</param>
    /// <param name="Alpha">The per-feature significance level, Bonferroni-corrected.</param>
    /// <param name="LiveRows">Rows in the live window.</param>
    private readonly record struct Judge(DriftThresholds Thresholds, double Alpha, long LiveRows)
    {
        public bool Insufficient => LiveRows < Thresholds.MinRows;

        public FeatureDrift Apply(FeatureDrift drift)
        {
            if (Insufficient)
            {
                return drift with
                {
                    Verdict = DriftVerdict.InsufficientData,
                    Reason = string.Create(CultureInfo.InvariantCulture, $"{LiveRows} rows in the window < minimum {Thresholds.MinRows}"),
                };
            }

            var levels = Thresholds.For(drift.Name);
            var psi = drift.Psi ?? 0;
            var pValue = drift.KsPValue ?? drift.ChiSquarePValue;
            var significant = pValue < Alpha;
            var missingChange = Math.Abs(drift.LiveMissingRate - drift.ReferenceMissingRate);

            // Drift needs both a large effect and evidence beyond sampling noise: in a window of a few hundred rows the
            // PSI of one of 30 unshifted features often passes 0.25 by chance (its bins hold 20 rows each), while a test
            // over the whole distribution, corrected for the number of features, does not; with 100,000 rows the tests
            // flag shifts too small to matter, which the PSI level does not.
            var drifted = (psi >= levels.PsiAlert && (pValue is null || significant)) || missingChange >= Thresholds.MissingRateAlert;
            var warned = psi >= levels.PsiWarning || significant || missingChange >= Thresholds.MissingRateWarning;
            var verdict = drifted ? DriftVerdict.Drift : warned ? DriftVerdict.Warning : DriftVerdict.Stable;
            return drift with
            {
                Verdict = verdict,
                Reason = verdict == DriftVerdict.Stable ? null : Reason(drift, levels, pValue, missingChange),
            };
        }

        private string Reason(FeatureDrift drift, FeatureThresholds levels, double? pValue, double missingChange)
        {
            var crossed = new List<string>(3);
            var psi = drift.Psi ?? 0;
            if (psi >= levels.PsiWarning)
            {
                crossed.Add(string.Create(CultureInfo.InvariantCulture, $"PSI {psi:G3} ≥ {(psi >= levels.PsiAlert ? levels.PsiAlert : levels.PsiWarning):G3}"));
            }

            if (pValue < Alpha)
            {
                var test = drift.KsPValue is null ? "chi-square" : "KS";
                crossed.Add(string.Create(CultureInfo.InvariantCulture, $"{test} p {pValue:G3} < {Alpha:G3}"));
            }

            if (missingChange >= Thresholds.MissingRateWarning)
            {
                var level = missingChange >= Thresholds.MissingRateAlert ? Thresholds.MissingRateAlert : Thresholds.MissingRateWarning;
                crossed.Add(string.Create(CultureInfo.InvariantCulture, 
                    $"missing rate {drift.ReferenceMissingRate:G3} → {drift.LiveMissingRate:G3} (change {missingChange:G3} ≥ {level:G3})"));
            }

            return string.Join("; ", crossed);
        }
    }
}
