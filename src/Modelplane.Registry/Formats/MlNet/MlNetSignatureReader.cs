using Microsoft.ML;
using Microsoft.ML.Data;
using Modelplane.Registry.Models;

namespace Modelplane.Registry.Formats.MlNet;

/// <summary>Maps an ML.NET model's input schema and its prediction columns to a <see cref="ModelSignature"/>.</summary>
/// <remarks>Every tensor has a leading batch dimension of -1: one row per data view row.</remarks>
public static class MlNetSignatureReader
{
    /// <summary>The output columns served, in this order, when the model produces them.</summary>
    public static readonly IReadOnlyList<string> PredictionColumns = ["PredictedLabel", "Score", "Probability"];

    /// <summary>Reads the signature; refuses columns that cannot be sent or returned over OIP.</summary>
    /// <exception cref="Onnx.InvalidModelException">A column has a type Modelplane cannot serve, or there is no prediction column.</exception>
    public static ModelSignature Read(ITransformer model, DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        var inputs = inputSchema.Where(c => !c.IsHidden).Select(c => ToSpec(c, "input")).ToList();
        DataViewSchema outputSchema;
        try
        {
            outputSchema = model.GetOutputSchema(inputSchema);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentOutOfRangeException)
        {
            throw MlNetZipCheck.Refuse($"its pipeline does not accept its own input schema ({ex.Message})");
        }

        var outputs = PredictionColumns
            .Select(name => outputSchema.GetColumnOrNull(name))
            .Where(c => c is { IsHidden: false })
            .Select(c => ToSpec(c!.Value, "output"))
            .ToList();
        if (outputs.Count == 0)
        {
            throw MlNetZipCheck.Refuse($"its pipeline produces none of the prediction columns {string.Join(", ", PredictionColumns)}");
        }

        return new ModelSignature(inputs, outputs);
    }

    /// <summary>The Modelplane element type of an ML.NET item type, or <see cref="TensorElementType.Unsupported"/>.</summary>
    /// <remarks>Key types (a multiclass PredictedLabel) are served as their 0-based class index.</remarks>
    public static TensorElementType ElementType(DataViewType itemType) => itemType switch
    {
        _ when itemType == NumberDataViewType.Single => TensorElementType.Float32,
        _ when itemType == NumberDataViewType.Double => TensorElementType.Float64,
        _ when itemType == NumberDataViewType.Int32 => TensorElementType.Int32,
        _ when itemType == NumberDataViewType.Int64 => TensorElementType.Int64,
        BooleanDataViewType => TensorElementType.Bool,
        KeyDataViewType => TensorElementType.Int64,
        _ => TensorElementType.Unsupported,
    };

    private static TensorSpec ToSpec(DataViewSchema.Column column, string role)
    {
        var (itemType, size) = column.Type switch
        {
            VectorDataViewType { IsKnownSize: true } vector => (vector.ItemType, vector.Size),
            VectorDataViewType => throw MlNetZipCheck.Refuse(
                $"{role} '{column.Name}' is a vector of unknown size, which cannot be served"),
            var scalar => (scalar, 1),
        };
        var element = ElementType(itemType);
        if (element == TensorElementType.Unsupported || (role == "input" && itemType is KeyDataViewType))
        {
            // Text inputs would need BYTES tensors, which the OIP reader does not accept yet.
            throw MlNetZipCheck.Refuse($"{role} '{column.Name}' has type {itemType}, which cannot be served (Single, Double, Int32, Int64 and Boolean can)");
        }

        return new TensorSpec(column.Name, element, [TensorSpec.DynamicDimension, size]);
    }
}
