using System.Text;
using System.Text.Json;
using Modelplane.Registry.Models;
using Modelplane.Serving.Oip;
using OrtElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;

namespace Modelplane.Serving.Onnx;

/// <summary>One input or output of a served version, with everything the hot path needs precomputed.</summary>
internal sealed class TensorPlan
{
    public TensorPlan(TensorSpec spec, string[]? symbolicDims)
    {
        Name = spec.Name;
        Utf8Name = Encoding.UTF8.GetBytes(spec.Name);
        EncodedName = JsonEncodedText.Encode(spec.Name);
        ElementType = spec.ElementType;
        ElementSize = OipDatatypes.SizeOf(spec.ElementType);
        OrtType = OipDatatypes.ToOrt(spec.ElementType);
        Datatype = OipDatatypes.EncodedName(spec.ElementType);
        Shape = [.. spec.Shape];
        ShapeText = ShapeFormat.Format(Shape);
        SymbolicDims = symbolicDims ?? [];
    }

    public string Name { get; }

    public byte[] Utf8Name { get; }

    public JsonEncodedText EncodedName { get; }

    public TensorElementType ElementType { get; }

    /// <summary>Bytes per element; 0 for strings.</summary>
    public int ElementSize { get; }

    public OrtElementType OrtType { get; }

    public JsonEncodedText Datatype { get; }

    /// <summary>Declared dimensions; <see cref="TensorSpec.DynamicDimension"/> marks a dynamic one.</summary>
    public long[] Shape { get; }

    public string ShapeText { get; }

    /// <summary>ONNX symbolic dimension names (for example <c>N</c>), empty strings where none.</summary>
    public string[] SymbolicDims { get; }

    /// <summary>
    /// For outputs: per dimension, the input and input dimension whose request size it takes, or (-1, -1) when
    /// the dimension is fixed. Null when some dimension cannot be known before the run.
    /// </summary>
    public (int Input, int Dim)[]? ShapeSources { get; set; }
}
