#!/usr/bin/python3
"""Reference answers for Modelplane's drift and quality statistics, from SciPy and scikit-learn.

ScipyAgreementTests runs this script at test time and compares Modelplane's answers with the JSON it prints on
stdout. Samples come from NumPy with a fixed seed and are binned by Modelplane's rule: inner edges are the reference's
deciles with duplicates dropped, and a value's bin is numpy.searchsorted(edges, v, side="right"). Categorical features
keep the reference's 50 most frequent categories (most frequent first) plus one "other" count.

The statistics are SciPy's on the samples quantized to bin indices (KS, chi-square), on the bins' weighted means
(Wasserstein) and on the bin counts (Jensen-Shannon). PSI has no SciPy function: it is computed here with NumPy by the
documented formula, with the same epsilon as DriftStatistics.PsiEpsilon.

Run: /usr/bin/python3 drift_fixtures.py > fixtures.json (Debian packages python3-scipy python3-sklearn).
"""
import json
import sys

try:
    import numpy as np
    from scipy import stats
    from scipy.spatial.distance import jensenshannon
    from sklearn import metrics
except ImportError as error:
    sys.stderr.write(f"drift_fixtures.py needs NumPy, SciPy and scikit-learn ({error}): "
                     "install python3-scipy python3-sklearn\n")
    sys.exit(3)

PSI_EPSILON = 1e-4
# QualityMetrics.LogLossEpsilon: scikit-learn's classic log_loss clip. From 1.2 on its default is the dtype's machine
# epsilon, so the probabilities are clipped here first (Modelplane gets them unclipped) and the answer is the same on
# every scikit-learn version.
LOG_LOSS_EPSILON = 1e-15
MAX_CATEGORIES = 50
rng = np.random.default_rng(20250608)


def psi(ref, live):
    p = ref / ref.sum()
    q = live / live.sum()
    empty = (p == 0) | (q == 0)
    p = np.where(empty, p + PSI_EPSILON, p)
    q = np.where(empty, q + PSI_EPSILON, q)
    return float(np.sum((q - p) * np.log(q / p)))


def chi_square(ref, live):
    table = np.array([ref, live])
    table = table[:, table.sum(axis=0) > 0]
    result = stats.chi2_contingency(table, correction=False)
    return float(result[0]), float(result[1])


def numeric(name, ref, live):
    ref_present, live_present = ref[np.isfinite(ref)], live[np.isfinite(live)]
    edges = np.unique(np.quantile(ref_present, np.linspace(0.1, 0.9, 9)))
    bins = len(edges) + 1
    ref_bins = np.searchsorted(edges, ref_present, side="right")
    live_bins = np.searchsorted(edges, live_present, side="right")
    ref_counts = np.bincount(ref_bins, minlength=bins)
    live_counts = np.bincount(live_bins, minlength=bins)
    ref_sums = np.bincount(ref_bins, weights=ref_present, minlength=bins)
    live_sums = np.bincount(live_bins, weights=live_present, minlength=bins)

    ks = stats.ks_2samp(ref_bins, live_bins)
    n, m = len(ref_present), len(live_present)
    ks_p = stats.kstwobign.sf(np.sqrt(n * m / (n + m)) * ks.statistic)
    r, l = ref_counts > 0, live_counts > 0
    wasserstein = stats.wasserstein_distance(
        ref_sums[r] / ref_counts[r], live_sums[l] / live_counts[l], ref_counts[r], live_counts[l])
    chi, chi_p = chi_square(ref_counts, live_counts)
    return {
        "name": name,
        "referenceRows": len(ref), "referenceMissing": len(ref) - n,
        "liveRows": len(live), "liveMissing": len(live) - m,
        "edges": edges.tolist(),
        "referenceCounts": ref_counts.tolist(), "liveCounts": live_counts.tolist(),
        "referenceSums": ref_sums.tolist(), "liveSums": live_sums.tolist(),
        "referenceMean": float(np.mean(ref_present)), "referenceStdDev": float(np.std(ref_present)),
        "liveMean": float(np.mean(live_present)), "liveStdDev": float(np.std(live_present)),
        "psi": psi(ref_counts, live_counts),
        "ksStatistic": float(ks.statistic), "ksPValue": float(ks_p),
        "wasserstein": float(wasserstein),
        "jensenShannon": float(jensenshannon(ref_counts, live_counts, base=2)),
        "chiSquare": chi, "chiSquarePValue": chi_p,
    }


def categorical(name, ref, live):
    values, counts = np.unique(ref, return_counts=True)
    order = sorted(range(len(values)), key=lambda i: (-counts[i], values[i]))[:MAX_CATEGORIES]
    categories = [str(values[i]) for i in order]
    known = set(categories)

    def tally(sample):
        return [int(np.sum(sample == c)) for c in categories], int(sum(1 for v in sample if v not in known))

    ref_counts, ref_other = tally(ref)
    live_counts, live_other = tally(live)
    ref_all = np.array(ref_counts + [ref_other])
    live_all = np.array(live_counts + [live_other])
    chi, chi_p = chi_square(ref_all, live_all)
    return {
        "name": name, "categories": categories,
        "referenceCounts": ref_counts, "referenceOther": ref_other,
        "liveCounts": live_counts, "liveOther": live_other,
        "psi": psi(ref_all, live_all),
        "jensenShannon": float(jensenshannon(ref_all, live_all, base=2)),
        "chiSquare": chi, "chiSquarePValue": chi_p,
    }


def numeric_cases():
    same = rng.normal(0, 1, 2000)
    with_missing = rng.lognormal(0.1, 1, 2000)
    with_missing[rng.choice(2000, 200, replace=False)] = np.nan
    return [
        numeric("identical", same, same.copy()),
        numeric("disjoint_above", rng.normal(0, 1, 1000), rng.normal(50, 1, 1000)),
        numeric("disjoint_below", rng.normal(0, 1, 1000), rng.normal(-50, 1, 800)),
        numeric("constant", np.full(500, 3.0), np.full(400, 3.0)),
        numeric("constant_reference", np.full(500, 3.0), rng.normal(3, 1, 400)),
        numeric("empty_bins", rng.normal(0, 1, 5000), rng.uniform(-0.2, 0.2, 1000)),
        numeric("tied_values", rng.poisson(1.0, 3000).astype(float), rng.poisson(1.5, 3000).astype(float)),
        numeric("large_n", rng.normal(0, 1, 100_000), rng.normal(0.02, 1, 100_000)),
        numeric("small_n", rng.normal(0, 1, 20), rng.normal(0.3, 1, 20)),
        numeric("scaled", rng.normal(0, 1, 3000), rng.normal(0, 1, 3000) * 1.5),
        numeric("mean_shifted", rng.normal(0, 1, 3000), rng.normal(0.5, 1, 3000)),
        numeric("missing_values", rng.lognormal(0, 1, 2000), with_missing),
    ]


def categorical_cases():
    five = np.array(list("abcde"))
    many = np.array([f"c{i:02d}" for i in range(70)])
    ref_weights = 1 / np.arange(1, 61)
    live_weights = 1 / np.arange(1, 71)[::-1] ** 0.5
    return [
        categorical("single_category", np.array(["a"] * 500), np.array(["a"] * 300)),
        categorical("single_category_unseen", np.array(["a"] * 500), np.array(["a"] * 240 + ["z"] * 60)),
        categorical("same_distribution", rng.choice(five, 2000, p=[.4, .3, .15, .1, .05]),
                    rng.choice(five, 1500, p=[.4, .3, .15, .1, .05])),
        categorical("shifted", rng.choice(five, 2000, p=[.4, .3, .15, .1, .05]),
                    rng.choice(five, 1500, p=[.2, .2, .2, .2, .2])),
        categorical("category_missing_live", rng.choice(five[:4], 1000), rng.choice(five[:3], 800)),
        categorical("many_with_unseen", rng.choice(many[:60], 20000, p=ref_weights / ref_weights.sum()),
                    rng.choice(many, 5000, p=live_weights / live_weights.sum())),
    ]


def binary(name, actual, probability):
    predicted = (probability >= 0.5).astype(int)
    return {
        "name": name, "predicted": predicted.tolist(), "actual": actual.tolist(), "probability": probability.tolist(),
        "accuracy": metrics.accuracy_score(actual, predicted),
        "precision": metrics.precision_score(actual, predicted),
        "recall": metrics.recall_score(actual, predicted),
        "f1": metrics.f1_score(actual, predicted),
        "rocAuc": metrics.roc_auc_score(actual, probability),
        "logLoss": metrics.log_loss(actual, np.clip(probability, LOG_LOSS_EPSILON, 1 - LOG_LOSS_EPSILON)),
    }


def multiclass(name, actual, probabilities, predicted):
    labels = list(range(probabilities.shape[1]))
    return {
        "name": name, "predicted": predicted.tolist(), "actual": actual.tolist(),
        "probability": probabilities[np.arange(len(actual)), actual].tolist(),
        "accuracy": metrics.accuracy_score(actual, predicted),
        "precision": metrics.precision_score(actual, predicted, average="macro", zero_division=0),
        "recall": metrics.recall_score(actual, predicted, average="macro", zero_division=0),
        "f1": metrics.f1_score(actual, predicted, average="macro", zero_division=0),
        "logLoss": metrics.log_loss(actual, np.clip(probabilities, LOG_LOSS_EPSILON, 1 - LOG_LOSS_EPSILON), labels=labels),
    }


def quality_cases():
    actual = rng.integers(0, 2, 400)
    tied = np.round(np.clip(actual * 0.3 + rng.uniform(0, 0.7, 400), 0, 1), 2)
    extreme_actual = rng.integers(0, 2, 200)
    extreme = np.where(rng.uniform(size=200) < 0.9, extreme_actual, 1 - extreme_actual).astype(float)
    extreme[:20] = rng.uniform(size=20)
    logits = rng.normal(size=(300, 3))
    classes = rng.integers(0, 3, 300)
    logits[np.arange(300), classes] += 1.5
    softmax = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    four = rng.integers(0, 4, 200)
    four_probabilities = np.full((200, 4), 0.1)
    four_probabilities[np.arange(200), np.minimum(four, 2)] = 0.7
    x = rng.uniform(0, 10, 500)
    y = 2 * x + rng.normal(0, 1, 500)
    return {
        "binary": [binary("tied_scores", actual, tied), binary("extreme_probabilities", extreme_actual, extreme)],
        "multiclass": [
            multiclass("three_classes", classes, softmax, softmax.argmax(axis=1)),
            multiclass("class_never_predicted", four, four_probabilities, np.minimum(four, 2)),
        ],
        "regression": [{
            "name": "linear", "predicted": (2 * x + 0.3).tolist(), "actual": y.tolist(),
            "mae": metrics.mean_absolute_error(y, 2 * x + 0.3),
            "rmse": float(np.sqrt(metrics.mean_squared_error(y, 2 * x + 0.3))),
            "r2": metrics.r2_score(y, 2 * x + 0.3),
        }],
    }


def main():
    xs = [0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.99, 1.0, 1.01, 1.1, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0]
    fixtures = {
        "psiEpsilon": PSI_EPSILON,
        "numeric": numeric_cases(),
        "categorical": categorical_cases(),
        "kolmogorov": [{"x": x, "survival": float(stats.kstwobign.sf(x))} for x in xs],
        **quality_cases(),
    }
    json.dump(fixtures, sys.stdout, default=float)


if __name__ == "__main__":
    main()
