namespace Modelplane.Registry.Models;

// The members name element types on purpose: they mirror ONNX and Open Inference Protocol type names.
#pragma warning disable CA1720

/// <summary>Element type of a model input or output tensor, independent of any wire protocol.</summary>
public enum TensorElementType
{
    /// <summary>An ONNX element type that Modelplane cannot serve (complex, bfloat16, float8 and similar).</summary>
    Unsupported = 0,
    Float32,
    Float64,
    Float16,
    Int8,
    Int16,
    Int32,
    Int64,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    Bool,
    String,
}
#pragma warning restore CA1720
