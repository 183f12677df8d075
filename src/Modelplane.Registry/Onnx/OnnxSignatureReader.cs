using Modelplane.Registry.Models;
using Modelplane.Registry.Onnx.Schema;

namespace Modelplane.Registry.Onnx;

/// <summary>Reads a model's inputs and outputs from its main graph.</summary>
internal static class OnnxSignatureReader
{
    public static ModelSignature Read(GraphProto graph)
    {
        // Before IR 4 every initializer also had to be listed as a graph input; those are weights
        // with defaults, not something a caller sends.
        var initializers = graph.Initializer.Select(t => t.Name)
            .Concat(graph.SparseInitializer.Select(s => s.Values?.Name ?? string.Empty))
            .ToHashSet(StringComparer.Ordinal);

        var inputs = graph.Input
            .Where(i => !initializers.Contains(i.Name))
            .Select(i => ReadTensor(i, "input"))
            .ToList();
        if (inputs.Count == 0)
        {
            throw new InvalidModelException(
                "The model has no inputs other than its initializers; Modelplane serves models that take request data.");
        }

        var outputs = graph.Output.Select(o => ReadTensor(o, "output")).ToList();
        return new ModelSignature(inputs, outputs);
    }

    private static TensorSpec ReadTensor(ValueInfoProto value, string role)
    {
        var name = OnnxText.Quote(value.Name);
        var type = value.Type ?? new TypeProto();
        if (type.ValueCase != TypeProto.ValueOneofCase.TensorType)
        {
            throw new InvalidModelException(type.ValueCase == TypeProto.ValueOneofCase.None
                ? $"The model {role} {name} declares no type."
                : $"The model {role} {name} is {Describe(type.ValueCase)}, not a tensor; Modelplane serves tensors only (Open Inference Protocol). "
                  + "If an exporter added it (for example a ZipMap of class probabilities), export with that option turned off.");
        }

        var tensor = type.TensorType;
        var elementType = OnnxElementTypes.FromOnnx(tensor.ElemType);
        if (elementType == TensorElementType.Unsupported)
        {
            throw new InvalidModelException(
                $"The model {role} {name} has element type {OnnxElementTypes.OnnxName(tensor.ElemType)}, which Modelplane cannot serve.");
        }

        if (tensor.Shape is null)
        {
            // Without a rank Modelplane cannot check requests against an input. For an output the
            // runtime reports the real shape with every result, so an empty shape only means "unknown".
            return role == "input"
                ? throw new InvalidModelException($"The model input {name} declares no shape; Modelplane needs at least its rank.")
                : new TensorSpec(value.Name, elementType, []);
        }

        var shape = new long[tensor.Shape.Dim.Count];
        var names = new string?[shape.Length];
        for (var i = 0; i < shape.Length; i++)
        {
            var dim = tensor.Shape.Dim[i];
            var isFixed = dim.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && dim.DimValue >= 0;
            shape[i] = isFixed ? dim.DimValue : TensorSpec.DynamicDimension;
            names[i] = dim.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam && dim.DimParam.Length > 0
                ? dim.DimParam
                : null;
        }

        return new TensorSpec(value.Name, elementType, shape, names.Any(n => n is not null) ? names : null);
    }

    private static string Describe(TypeProto.ValueOneofCase kind) => kind switch
    {
        TypeProto.ValueOneofCase.SequenceType => "a sequence",
        TypeProto.ValueOneofCase.MapType => "a map",
        TypeProto.ValueOneofCase.OptionalType => "an optional value",
        TypeProto.ValueOneofCase.SparseTensorType => "a sparse tensor",
        _ => "of an unknown kind",
    };
}
