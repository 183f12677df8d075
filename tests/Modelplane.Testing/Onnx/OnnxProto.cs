using Modelplane.Registry.Models;
using Modelplane.Registry.Onnx.Schema;

namespace Modelplane.Testing.Onnx;

/// <summary>Small factories for the ONNX protobuf messages the builder assembles.</summary>
internal static class OnnxProto
{
    public const int Float = 1;
    public const int Bool = 9;

    public static int ToOnnx(TensorElementType type) => type switch
    {
        TensorElementType.Float32 => 1,
        TensorElementType.UInt8 => 2,
        TensorElementType.Int8 => 3,
        TensorElementType.UInt16 => 4,
        TensorElementType.Int16 => 5,
        TensorElementType.Int32 => 6,
        TensorElementType.Int64 => 7,
        TensorElementType.String => 8,
        TensorElementType.Bool => 9,
        TensorElementType.Float16 => 10,
        TensorElementType.Float64 => 11,
        TensorElementType.UInt32 => 12,
        TensorElementType.UInt64 => 13,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No ONNX element type for this value."),
    };

    /// <summary>A tensor value; a negative dimension becomes a symbolic one (<c>N</c> first, then <c>d1</c>, <c>d2</c>…).</summary>
    public static ValueInfoProto TensorValue(string name, int elementType, IReadOnlyList<long> shape)
    {
        var tensorShape = new TensorShapeProto();
        for (var i = 0; i < shape.Count; i++)
        {
            tensorShape.Dim.Add(shape[i] >= 0
                ? new TensorShapeProto.Types.Dimension { DimValue = shape[i] }
                : new TensorShapeProto.Types.Dimension { DimParam = i == 0 ? "N" : $"d{i}" });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elementType, Shape = tensorShape } },
        };
    }

    public static ValueInfoProto SequenceValue(string name, int elementType) => new()
    {
        Name = name,
        Type = new TypeProto
        {
            SequenceType = new TypeProto.Types.Sequence
            {
                ElemType = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elementType } },
            },
        },
    };

    public static TensorProto FloatTensor(string name, IReadOnlyList<long> dims, IEnumerable<float> values)
    {
        var tensor = new TensorProto { Name = name, DataType = Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        return tensor;
    }

    public static TensorProto ExternalTensor(string name, string location)
    {
        var tensor = new TensorProto { Name = name, DataType = Float, DataLocation = TensorProto.Types.DataLocation.External };
        tensor.Dims.Add(4);
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = "0" });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = "16" });
        return tensor;
    }

    public static NodeProto Node(string opType, IEnumerable<string> inputs, IEnumerable<string> outputs, string domain = "")
    {
        var node = new NodeProto { OpType = opType, Domain = domain, Name = $"{opType}_{string.Join('_', outputs)}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        return node;
    }

    public static NodeProto Constant(string output, TensorProto value)
    {
        var node = Node("Constant", [], [output]);
        node.Attribute.Add(new AttributeProto { Name = "value", Type = 4, T = value });
        return node;
    }

    public static AttributeProto GraphAttribute(string name, GraphProto graph) => new() { Name = name, Type = 5, G = graph };
}
