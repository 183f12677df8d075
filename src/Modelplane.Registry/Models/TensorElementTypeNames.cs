namespace Modelplane.Registry.Models;

/// <summary>Maps element types to and from the Open Inference Protocol's datatype names.</summary>
public static class TensorElementTypeNames
{
    /// <summary>The OIP datatype name (FP32, INT64, BOOL, BYTES, ...) of an element type.</summary>
    public static string ToOip(this TensorElementType type) => type switch
    {
        TensorElementType.Float32 => "FP32",
        TensorElementType.Float64 => "FP64",
        TensorElementType.Float16 => "FP16",
        TensorElementType.Int8 => "INT8",
        TensorElementType.Int16 => "INT16",
        TensorElementType.Int32 => "INT32",
        TensorElementType.Int64 => "INT64",
        TensorElementType.UInt8 => "UINT8",
        TensorElementType.UInt16 => "UINT16",
        TensorElementType.UInt32 => "UINT32",
        TensorElementType.UInt64 => "UINT64",
        TensorElementType.Bool => "BOOL",
        TensorElementType.String => "BYTES",
        _ => "UNSUPPORTED",
    };
}
