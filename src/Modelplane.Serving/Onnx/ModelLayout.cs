using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Modelplane.Registry.Models;
using Modelplane.Serving.Oip;

namespace Modelplane.Serving.Onnx;

/// <summary>The validated, precomputed view of a version's signature that the hot path works from.</summary>
internal sealed class ModelLayout
{
    private ModelLayout(TensorPlan[] inputs, TensorPlan[] outputs, int version)
    {
        Inputs = inputs;
        Outputs = outputs;
        Version = version;
        InputList = string.Join(", ", inputs.Select(i => i.Name));
        OutputList = string.Join(", ", outputs.Select(o => o.Name));
        VersionText = JsonEncodedText.Encode(version.ToString(CultureInfo.InvariantCulture));
        OutputsPredictable = outputs.All(o => o.ShapeSources is not null);
    }

    public TensorPlan[] Inputs { get; }

    /// <summary>The outputs the runner can return, in signature order.</summary>
    public TensorPlan[] Outputs { get; }

    public int Version { get; }

    public string InputList { get; }

    public string OutputList { get; }

    public JsonEncodedText VersionText { get; }

    /// <summary>True when every output shape follows from the input shapes, so outputs can be preallocated.</summary>
    public bool OutputsPredictable { get; }

    /// <summary>Checks the signature against the graph ONNX Runtime loaded and builds the layout.</summary>
    /// <exception cref="InvalidOperationException">The signature and the graph disagree, or an input type cannot be served.</exception>
    public static ModelLayout Create(ModelVersion version, InferenceSession session)
    {
        var label = $"{version.Model}@{version.Version}";
        var inputs = new TensorPlan[version.Signature.Inputs.Count];
        for (var i = 0; i < inputs.Length; i++)
        {
            var spec = version.Signature.Inputs[i];
            if (!session.InputMetadata.TryGetValue(spec.Name, out var meta) || !meta.IsTensor)
            {
                throw new InvalidOperationException($"Signature of {label} names input '{spec.Name}', which is not a tensor input of the graph.");
            }
            CheckAgrees(label, spec, meta);
            inputs[i] = new TensorPlan(spec, meta.SymbolicDimensions);
        }
        var missing = session.InputNames.Where(n => !inputs.Any(i => i.Name == n)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"Signature of {label} lacks graph input(s) {string.Join(", ", missing)}.");
        }

        var outputs = new List<TensorPlan>();
        foreach (var spec in version.Signature.Outputs)
        {
            // Non-tensor outputs (sequences, maps such as ZipMap) cannot be written as OIP tensors: leave them out.
            if (!session.OutputMetadata.TryGetValue(spec.Name, out var meta) || !meta.IsTensor
                || spec.ElementType == TensorElementType.Unsupported)
            {
                continue;
            }
            CheckAgrees(label, spec, meta);
            var plan = new TensorPlan(spec, meta.SymbolicDimensions);
            plan.ShapeSources = spec.ElementType == TensorElementType.String ? null : PredictShape(plan, inputs);
            outputs.Add(plan);
        }
        return new ModelLayout(inputs, [.. outputs], version.Version);
    }

    /// <summary>
    /// Builds the layout from the signature alone, for runtimes other than ONNX Runtime: every output's leading
    /// dimension is the batch dimension of the first batched input, and its other dimensions are fixed.
    /// </summary>
    public static ModelLayout FromSignature(ModelVersion version)
    {
        var inputs = version.Signature.Inputs.Select(spec => new TensorPlan(spec, null)).ToArray();
        var batch = FindBatchDimension(inputs);
        var outputs = version.Signature.Outputs.Select(spec =>
        {
            var plan = new TensorPlan(spec, null);
            plan.ShapeSources = [.. plan.Shape.Select((d, i) => i == 0 && d < 0 && batch is not null ? batch.Value : (-1, -1))];
            return plan;
        }).ToArray();
        return new ModelLayout(inputs, outputs, version.Version);
    }

    private static void CheckAgrees(string label, TensorSpec spec, NodeMetadata meta)
    {
        var graphType = OipDatatypes.FromOrt(meta.ElementDataType);
        if (graphType != spec.ElementType || meta.Dimensions.Length != spec.Shape.Count)
        {
            throw new InvalidOperationException(
                $"Signature of {label} says '{spec.Name}' is {spec.ElementType} {ShapeFormat.Format([.. spec.Shape])}, " +
                $"but the graph says {meta.ElementDataType} {ShapeFormat.Format([.. meta.Dimensions.Select(d => (long)d)])}.");
        }
    }

    // An output dimension is known before the run when it is fixed, or when it carries the same ONNX symbolic
    // name (for example "N") as an input dimension: ONNX promises equal sizes for equal symbols. Exporters that
    // leave dimensions unnamed (ML.NET) still follow the batch convention, so an unnamed dynamic leading output
    // dimension is taken to be the leading dimension of the first batched input. A wrong guess costs one retry:
    // the runner then lets ONNX Runtime allocate that version's outputs for good.
    private static (int Input, int Dim)[]? PredictShape(TensorPlan output, TensorPlan[] inputs)
    {
        var sources = new (int, int)[output.Shape.Length];
        for (var d = 0; d < sources.Length; d++)
        {
            if (output.Shape[d] >= 0)
            {
                sources[d] = (-1, -1);
                continue;
            }
            var symbol = d < output.SymbolicDims.Length ? output.SymbolicDims[d] : "";
            var source = string.IsNullOrEmpty(symbol)
                ? (d == 0 ? FindBatchDimension(inputs) : null)
                : FindSymbol(inputs, symbol);
            if (source is null)
            {
                return null;
            }

            sources[d] = source.Value;
        }
        return sources;
    }

    private static (int, int)? FindBatchDimension(TensorPlan[] inputs)
    {
        var batched = Array.FindIndex(inputs, i => i.Shape.Length > 0 && i.Shape[0] < 0);
        return batched >= 0 ? (batched, 0) : null;
    }

    private static (int, int)? FindSymbol(TensorPlan[] inputs, string symbol)
    {
        for (var i = 0; i < inputs.Length; i++)
        {
            var index = Array.IndexOf(inputs[i].SymbolicDims, symbol);
            if (index >= 0 && inputs[i].Shape[index] < 0)
            {
                return (i, index);
            }
        }
        return null;
    }
}
