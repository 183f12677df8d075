namespace Modelplane.Serving.Monitoring.Statistics;

/// <summary>A classifier's realised quality over a window of labeled predictions; an undefined value is NaN.</summary>
/// <param name="Rows">Labeled predictions in the window.</param>
/// <param name="Accuracy">Share of predictions equal to their label.</param>
/// <param name="Precision">Binary: TP / (TP + FP), NaN when nothing was predicted positive. Multi-class: the macro average.</param>
/// <param name="Recall">Binary: TP / (TP + FN), NaN when no label was positive. Multi-class: the macro average.</param>
/// <param name="F1">Binary: 2·TP / (2·TP + FP + FN), NaN when no prediction or label was positive. Multi-class: the macro average.</param>
/// <param name="RocAuc">Binary only: the area under the ROC curve from the positive-class probabilities; NaN without
/// probabilities, when the labels hold a single class, and for multi-class.</param>
/// <param name="LogLoss">Mean negative log-likelihood of the labels, probabilities clipped to [1e-15, 1 − 1e-15] (scikit-learn's
/// classic clip; from 1.2 on it clips at machine epsilon by default); NaN without probabilities. Multi-class rows are not
/// renormalised after clipping, as only the true class's probability is given.</param>
/// <remarks>
/// The JSON a server writes has no NaN: map NaN to null (absent) before serializing. Values agree with scikit-learn's
/// <c>accuracy_score</c>, <c>precision_score</c>, <c>recall_score</c>, <c>f1_score</c> (<c>average="binary"</c> or
/// <c>"macro"</c>), <c>roc_auc_score</c> and <c>log_loss</c> wherever scikit-learn's answer is defined.
/// </remarks>
public sealed record ClassificationMetrics(long Rows, double Accuracy, double Precision, double Recall, double F1, double RocAuc, double LogLoss);

/// <summary>A regressor's realised quality over a window of labeled predictions; an undefined value is NaN.</summary>
/// <param name="Rows">Labeled predictions in the window.</param>
/// <param name="MeanAbsoluteError">Mean of |prediction − label|; NaN for no rows.</param>
/// <param name="RootMeanSquaredError">√ mean of (prediction − label)²; NaN for no rows.</param>
/// <param name="RSquared">1 − Σ(label − prediction)² / Σ(label − mean label)²; NaN for fewer than two rows or constant
/// labels (where scikit-learn's <c>r2_score</c> returns 1 or 0 by convention).</param>
/// <remarks>Values agree with scikit-learn's <c>mean_absolute_error</c>, <c>mean_squared_error(squared=False)</c> and <c>r2_score</c>.</remarks>
public sealed record RegressionMetrics(long Rows, double MeanAbsoluteError, double RootMeanSquaredError, double RSquared);
