using System.Collections.Frozen;
using Modelplane.Registry.Onnx.Schema;

namespace Modelplane.Registry.Onnx;

/// <summary>Refuses models that need operators from outside ONNX Runtime's built-in operator sets.</summary>
/// <remarks>
/// Such operators only run after <c>RegisterCustomOpLibrary</c> loads native code, which Modelplane
/// never does: an uploaded model must not be able to make the server load a shared library.
/// Model-local functions are fine: ONNX Runtime inlines them, so a node calling a function the
/// model defines (and the import of that function's domain) is not a custom operator, while the
/// function bodies are checked like any other node.
/// </remarks>
internal static class CustomOperatorRule
{
    // ONNX Runtime's built-in domains (onnxruntime/core/graph/constants.h) plus the ONNX training
    // domains whose schemas it registers.
    private static readonly FrozenSet<string> BuiltInDomains = FrozenSet.ToFrozenSet(
    [
        "", "ai.onnx", "ai.onnx.ml",
        "com.microsoft", "com.microsoft.nchwc", "com.microsoft.experimental",
        "ai.onnx.preview.training", "ai.onnx.training",
    ], StringComparer.Ordinal);

    private const string Consequence =
        "which needs a custom operator library; Modelplane does not load operator libraries.";

    public static void Check(ModelProto model, OnnxModelContents contents)
    {
        var localFunctions = model.Functions.Select(f => (f.Domain, f.Name)).ToHashSet();
        foreach (var node in contents.Nodes)
        {
            if (BuiltInDomains.Contains(node.Domain) || localFunctions.Contains((node.Domain, node.OpType)))
            {
                continue;
            }

            throw new InvalidModelException(
                $"The model uses operator {OnnxText.Quote(node.OpType)} from custom domain {OnnxText.Quote(node.Domain)}, {Consequence}");
        }

        var functionDomains = model.Functions.Select(f => f.Domain).ToHashSet(StringComparer.Ordinal);
        var imports = model.OpsetImport.Concat(model.Functions.SelectMany(f => f.OpsetImport));
        foreach (var import in imports)
        {
            if (BuiltInDomains.Contains(import.Domain) || functionDomains.Contains(import.Domain))
            {
                continue;
            }

            throw new InvalidModelException(
                $"The model imports operators from custom domain {OnnxText.Quote(import.Domain)}, {Consequence}");
        }
    }
}
