using System.Globalization;
using System.Runtime.InteropServices;
using Modelplane.Registry.Models;
using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.Routing;

/// <summary>
/// What the routing policies read from one answer: the lowest top-class probability over its rows (a cascade's
/// confidence) and, when asked, a copy of its first label output and first score output (a shadow's agreement).
/// </summary>
/// <remarks>Made only for requests a cascade or a shadow handles; the plain path never allocates one.</remarks>
public sealed class PredictionObservation(bool keepValues) : IInferenceObserver
{
    // Enough to compare any realistic request; a huge batch is compared on its first rows.
    private const int MaxKept = 1024;

    /// <summary>
    /// The lowest, over the rows, of the highest class probability: from the first floating-point output shaped
    /// [rows, classes] with two or more classes. NaN when the answer has no such output (a cascade then escalates).
    /// </summary>
    public double Confidence { get; private set; } = double.NaN;

    /// <summary>The first integer or string output as text (class labels); null when not kept or absent.</summary>
    public string[]? Labels { get; private set; }

    /// <summary>The first floating-point output (scores or probabilities); null when not kept or absent.</summary>
    public double[]? Scores { get; private set; }

    /// <inheritdoc />
    public void Observe(in InferenceResult result)
    {
        for (var i = 0; i < result.Count; i++)
        {
            var output = result[i];
            if (output.ElementType is TensorElementType.Float32 or TensorElementType.Float64)
            {
                if (double.IsNaN(Confidence) && output.Shape is [_, >= 2])
                {
                    Confidence = LowestTopProbability(output);
                }

                if (keepValues && Scores is null)
                {
                    Scores = ReadScores(output);
                }
            }
            else if (keepValues && Labels is null && IsLabel(output.ElementType))
            {
                Labels = ReadLabels(output);
            }
        }
    }

    private static bool IsLabel(TensorElementType type) =>
        type is TensorElementType.Int64 or TensorElementType.Int32 or TensorElementType.Int16 or TensorElementType.Int8
            or TensorElementType.UInt8 or TensorElementType.Bool or TensorElementType.String;

    private static double LowestTopProbability(OutputView output)
    {
        var rows = (int)output.Shape[0];
        var classes = (int)output.Shape[1];
        var lowest = double.PositiveInfinity;
        for (var row = 0; row < rows; row++)
        {
            var top = double.NegativeInfinity;
            for (var c = 0; c < classes; c++)
            {
                top = Math.Max(top, Element(output, (row * classes) + c));
            }

            lowest = Math.Min(lowest, top);
        }

        return rows == 0 ? double.NaN : lowest;
    }

    private static double Element(OutputView output, int index) => output.ElementType == TensorElementType.Float32
        ? MemoryMarshal.Cast<byte, float>(output.Data)[index]
        : MemoryMarshal.Cast<byte, double>(output.Data)[index];

    private static double[] ReadScores(OutputView output)
    {
        var scores = new double[(int)Math.Min(output.ElementCount, MaxKept)];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = Element(output, i);
        }

        return scores;
    }

    private static string[] ReadLabels(OutputView output)
    {
        var labels = new string[(int)Math.Min(output.ElementCount, MaxKept)];
        var data = output.Data;
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = output.ElementType switch
            {
                TensorElementType.String => output.GetString(i),
                TensorElementType.Int64 => MemoryMarshal.Cast<byte, long>(data)[i].ToString(CultureInfo.InvariantCulture),
                TensorElementType.Int32 => MemoryMarshal.Cast<byte, int>(data)[i].ToString(CultureInfo.InvariantCulture),
                TensorElementType.Int16 => MemoryMarshal.Cast<byte, short>(data)[i].ToString(CultureInfo.InvariantCulture),
                TensorElementType.Int8 => ((sbyte)data[i]).ToString(CultureInfo.InvariantCulture),
                _ => data[i].ToString(CultureInfo.InvariantCulture),
            };
        }

        return labels;
    }
}
