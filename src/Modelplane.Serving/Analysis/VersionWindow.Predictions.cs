using System.Runtime.InteropServices;
using Modelplane.Registry.Models;
using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.Analysis;

// The window reads each answer's predictions itself: the handler passes it as the run's observer, so a watched
// version costs one interface call per request and nothing is allocated.
public sealed partial class VersionWindow : IInferenceObserver
{
    // A large batch is sampled on its first rows; the distribution needs many requests, not every row of one.
    private const int MaxRowsPerAnswer = 16;

    /// <summary>Keeps the prediction of each row (up to 16) of an answer: the first element of each row of the first output.</summary>
    /// <remarks>A class label or a score, whichever the model puts first; string labels are not kept.</remarks>
    public void Observe(in InferenceResult result)
    {
        if (result.Count == 0)
        {
            return;
        }

        var output = result[0];
        var shape = output.Shape;
        var rows = shape.Length == 0 ? 1 : (int)Math.Min(shape[0], MaxRowsPerAnswer);
        var perRow = shape.Length == 0 || shape[0] == 0 ? 1 : output.ElementCount / shape[0];
        var data = output.Data;
        for (var row = 0; row < rows; row++)
        {
            var index = (int)(row * perRow);
            double? value = output.ElementType switch
            {
                TensorElementType.Float32 => MemoryMarshal.Cast<byte, float>(data)[index],
                TensorElementType.Float64 => MemoryMarshal.Cast<byte, double>(data)[index],
                TensorElementType.Int64 => MemoryMarshal.Cast<byte, long>(data)[index],
                TensorElementType.Int32 => MemoryMarshal.Cast<byte, int>(data)[index],
                TensorElementType.Int16 => MemoryMarshal.Cast<byte, short>(data)[index],
                TensorElementType.Int8 => (sbyte)data[index],
                TensorElementType.UInt8 or TensorElementType.Bool => data[index],
                _ => null,
            };
            if (value is { } prediction)
            {
                ObservePrediction(prediction);
            }
        }
    }
}
