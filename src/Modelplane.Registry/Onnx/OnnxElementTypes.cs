using Modelplane.Registry.Models;

namespace Modelplane.Registry.Onnx;

/// <summary>Maps ONNX <c>TensorProto.DataType</c> codes to Modelplane element types.</summary>
internal static class OnnxElementTypes
{
    // Indexed by the ONNX code, for messages about types Modelplane cannot serve.
    private static readonly string[] OnnxNames =
    [
        "UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32", "INT64", "STRING", "BOOL",
        "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16",
        "FLOAT8E4M3FN", "FLOAT8E4M3FNUZ", "FLOAT8E5M2", "FLOAT8E5M2FNUZ", "UINT4", "INT4", "FLOAT4E2M1",
    ];

    public static TensorElementType FromOnnx(int dataType) => dataType switch
    {
        1 => TensorElementType.Float32,
        2 => TensorElementType.UInt8,
        3 => TensorElementType.Int8,
        4 => TensorElementType.UInt16,
        5 => TensorElementType.Int16,
        6 => TensorElementType.Int32,
        7 => TensorElementType.Int64,
        8 => TensorElementType.String,
        9 => TensorElementType.Bool,
        10 => TensorElementType.Float16,
        11 => TensorElementType.Float64,
        12 => TensorElementType.UInt32,
        13 => TensorElementType.UInt64,
        _ => TensorElementType.Unsupported,
    };

    public static string OnnxName(int dataType) =>
        dataType >= 0 && dataType < OnnxNames.Length ? OnnxNames[dataType] : $"type {dataType}";
}
