namespace Modelplane.DemoModels.Output;

/// <summary>
/// The contents of <c>&lt;model&gt;.samples.json</c>: the held-out rows of a demo model with their true
/// labels and ML.NET's own predictions, so tests and the demo can check what ONNX Runtime returns.
/// </summary>
internal sealed record SamplesFile<TRow>(
    string Model,
    string Task,
    string Dataset,
    string HeldOut,
    string Input,
    IReadOnlyList<string> Outputs,
    IReadOnlyList<string> FeatureNames,
    IReadOnlyList<string> ClassNames,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<TRow> Rows);

/// <summary>A held-out row of the binary model and what ML.NET predicted for it.</summary>
/// <param name="Features">The feature vector, in <see cref="SamplesFile{TRow}.FeatureNames"/> order.</param>
/// <param name="Label">True class index (0 or 1).</param>
/// <param name="PredictedLabel">ML.NET's predicted class index (0 or 1).</param>
/// <param name="Probability">ML.NET's calibrated probability of class 1.</param>
/// <param name="Score">ML.NET's raw (uncalibrated) score.</param>
internal sealed record BinarySample(float[] Features, int Label, int PredictedLabel, float Probability, float Score);

/// <summary>A held-out row of a multiclass model and what ML.NET predicted for it.</summary>
/// <param name="Features">The feature vector, in <see cref="SamplesFile{TRow}.FeatureNames"/> order.</param>
/// <param name="Label">True 0-based class index.</param>
/// <param name="PredictedLabel">ML.NET's predicted 0-based class index.</param>
/// <param name="Probabilities">ML.NET's per-class probabilities, in class index order.</param>
internal sealed record MulticlassSample(float[] Features, int Label, int PredictedLabel, float[] Probabilities);
