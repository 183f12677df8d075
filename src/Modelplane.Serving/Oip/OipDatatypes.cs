using System.Text.Json;
using Modelplane.Registry.Models;
using OrtElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;

namespace Modelplane.Serving.Oip;

/// <summary>Maps element types to Open Inference Protocol datatype names, ONNX Runtime types and sizes.</summary>
public static class OipDatatypes
{
    private static readonly (TensorElementType Type, string Name, int Size, OrtElementType Ort)[] Table =
    [
        (TensorElementType.Bool, "BOOL", 1, OrtElementType.Bool),
        (TensorElementType.UInt8, "UINT8", 1, OrtElementType.UInt8),
        (TensorElementType.UInt16, "UINT16", 2, OrtElementType.UInt16),
        (TensorElementType.UInt32, "UINT32", 4, OrtElementType.UInt32),
        (TensorElementType.UInt64, "UINT64", 8, OrtElementType.UInt64),
        (TensorElementType.Int8, "INT8", 1, OrtElementType.Int8),
        (TensorElementType.Int16, "INT16", 2, OrtElementType.Int16),
        (TensorElementType.Int32, "INT32", 4, OrtElementType.Int32),
        (TensorElementType.Int64, "INT64", 8, OrtElementType.Int64),
        (TensorElementType.Float16, "FP16", 2, OrtElementType.Float16),
        (TensorElementType.Float32, "FP32", 4, OrtElementType.Float),
        (TensorElementType.Float64, "FP64", 8, OrtElementType.Double),
        (TensorElementType.String, "BYTES", 0, OrtElementType.String),
    ];

    private static readonly byte[][] Utf8Names = [.. Table.Select(t => System.Text.Encoding.UTF8.GetBytes(t.Name))];

    /// <summary>The OIP datatype name, or the enum name for types OIP cannot express.</summary>
    public static string Name(TensorElementType type) => Find(type) is int i ? Table[i].Name : type.ToString();

    internal static JsonEncodedText EncodedName(TensorElementType type) => JsonEncodedText.Encode(Name(type));

    /// <summary>Bytes per element; 0 for strings and unsupported types.</summary>
    internal static int SizeOf(TensorElementType type) => Find(type) is int i ? Table[i].Size : 0;

    internal static OrtElementType ToOrt(TensorElementType type) => Find(type) is int i ? Table[i].Ort : OrtElementType.DataTypeMax;

    internal static TensorElementType FromOrt(OrtElementType ort)
    {
        foreach (var row in Table)
        {
            if (row.Ort == ort)
            {
                return row.Type;
            }
        }
        return TensorElementType.Unsupported;
    }

    /// <summary>Matches the current string token against the OIP datatype names (exact, upper case).</summary>
    internal static bool TryParse(ref Utf8JsonReader reader, out TensorElementType type)
    {
        for (var i = 0; i < Table.Length; i++)
        {
            if (reader.ValueTextEquals(Utf8Names[i]))
            {
                type = Table[i].Type;
                return true;
            }
        }
        type = TensorElementType.Unsupported;
        return false;
    }

    private static int? Find(TensorElementType type)
    {
        for (var i = 0; i < Table.Length; i++)
        {
            if (Table[i].Type == type)
            {
                return i;
            }
        }
        return null;
    }
}
