using Modelplane.Registry.Models;
using Modelplane.Registry.Monitoring;

namespace Modelplane.Serving.Monitoring;

/// <summary>Where one profiled feature or output lives in a model's tensors.</summary>
/// <param name="Name">The feature's name in profiles (see <see cref="FeatureProfile.Name"/>).</param>
/// <param name="Kind">Numeric or categorical.</param>
/// <param name="Tensor">Index of the input (for features) or output (for outputs) in the signature's order.</param>
/// <param name="Column">Which of the tensor's values per row (0 to <paramref name="Width"/> − 1).</param>
/// <param name="Width">Values per row in that tensor: 1 for shape <c>[n]</c> or <c>[n,1]</c>, d for <c>[n,d]</c>.</param>
public readonly record struct FeatureSlot(string Name, FeatureKind Kind, int Tensor, int Column, int Width);

/// <summary>The output holding class probabilities, for calibration and confidence-based performance estimation.</summary>
/// <param name="Output">Index of the output in the signature's order.</param>
/// <param name="Width">Values per row: 2 or more for a multi-class output, 1 for a binary one.</param>
/// <param name="Binary">True when the single column is P(positive class); false when the top probability of
/// <paramref name="Width"/> classes is the confidence.</param>
public sealed record ProbabilitySource(int Output, int Width, bool Binary);

/// <summary>
/// Which features and outputs a model version has for monitoring, and where each lives in its tensors. One feature per
/// named input; for a model whose only input is a 2-D tensor <c>[n, d]</c> (the usual tabular case), one per column,
/// named by the profiling data's header (else <c>input[0]</c>, <c>input[1]</c>, …).
/// </summary>
/// <remarks>
/// Kinds: string and boolean inputs are categorical, numbers numeric. Outputs: integer, boolean and string outputs are
/// categorical (class labels); a float output <c>[n]</c>/<c>[n,1]</c> is one numeric output named as the output, a float
/// <c>[n,k]</c> with k ≤ <see cref="MaxOutputColumns"/> is k numeric outputs <c>name[j]</c>; wider or higher-rank outputs
/// are not profiled.
/// </remarks>
public sealed partial class FeatureLayout
{
    /// <summary>Widest output that is profiled column by column.</summary>
    public const int MaxOutputColumns = 16;

    private FeatureLayout(IReadOnlyList<FeatureSlot> features, IReadOnlyList<FeatureSlot> outputs, ProbabilitySource? probability, int? labelOutput)
    {
        Features = features;
        Outputs = outputs;
        Probability = probability;
        LabelOutput = labelOutput;
    }

    /// <summary>The features in profile order.</summary>
    public IReadOnlyList<FeatureSlot> Features { get; }

    /// <summary>The profiled outputs in profile order (signature order, columns in order).</summary>
    public IReadOnlyList<FeatureSlot> Outputs { get; }

    /// <summary>The output with class probabilities: the first float output <c>[n,k≥2]</c> (multi-class), else a float
    /// <c>[n]</c>/<c>[n,1]</c> output whose name contains "prob" (binary); null when there is neither.</summary>
    public ProbabilitySource? Probability { get; }

    /// <summary>Index (signature order) of the predicted-label output: the first integer, boolean or string output with
    /// one value per row; null when there is none.</summary>
    public int? LabelOutput { get; }

    /// <summary>The layout for profiling data with columns <paramref name="columnNames"/> (the label column excluded).</summary>
    /// <param name="signature">The version's signature.</param>
    /// <param name="columnNames">The data's feature columns in order; null to name a 2-D input's columns <c>input[j]</c>.</param>
    /// <param name="model">Named in error messages, e.g. <c>breast-cancer@1</c>.</param>
    /// <exception cref="ProfileDataException">The columns are not the model's features, or an input cannot be profiled.</exception>
    public static FeatureLayout For(ModelSignature signature, IReadOnlyList<string>? columnNames, string? model = null)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var who = model is null ? "the model" : $"model {model}";
        var features = signature.Inputs.Count == 1 && Rank(signature.Inputs[0]) == 2
            ? ColumnFeatures(signature.Inputs[0], columnNames, who)
            : InputFeatures(signature.Inputs, columnNames, who);
        return new FeatureLayout(features, OutputSlots(signature.Outputs), FindProbability(signature.Outputs), FindLabelOutput(signature.Outputs));
    }

    /// <summary>The layout a stored profile was computed with: its feature names stand for the data's columns.</summary>
    /// <exception cref="ProfileDataException">The profile's features no longer fit the signature.</exception>
    public static FeatureLayout For(ModelSignature signature, DataProfile reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return For(signature, [.. reference.Features.Select(f => f.Name)]);
    }

    /// <summary>The index of the feature named <paramref name="name"/>, or -1.</summary>
    public int IndexOfFeature(string name)
    {
        for (var i = 0; i < Features.Count; i++)
        {
            if (string.Equals(Features[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Numeric or categorical, by element type; null for a type that cannot be profiled.</summary>
    internal static FeatureKind? KindOf(TensorElementType type) => type switch
    {
        TensorElementType.Unsupported => null,
        TensorElementType.String or TensorElementType.Bool => FeatureKind.Categorical,
        _ => FeatureKind.Numeric,
    };

    private static int Rank(TensorSpec spec) => spec.Shape.Count;

    // Values per row: 1 for [n] and [n,1], d for [n,d]; -1 when that dimension is dynamic; 0 for shapes of rank 0 or above 2.
    internal static long WidthOf(TensorSpec spec) => spec.Shape.Count switch
    {
        1 => 1,
        2 => spec.Shape[1],
        _ => 0,
    };
}
