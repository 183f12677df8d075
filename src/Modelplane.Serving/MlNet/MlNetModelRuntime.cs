using System.Buffers;
using Microsoft.Extensions.Options;
using Microsoft.ML;
using Microsoft.ML.Data;
using Modelplane.Registry.Formats;
using Modelplane.Registry.Formats.MlNet;
using Modelplane.Registry.Models;
using Modelplane.Serving.Execution;
using Modelplane.Serving.Onnx;

namespace Modelplane.Serving.MlNet;

/// <summary>Serves ML.NET model zips (<c>mlContext.Model.Save</c>) with ML.NET.</summary>
/// <param name="options">Request limits.</param>
internal sealed class MlNetModelRuntime(IOptions<ServingOptions> options, TimeProvider time) : IModelRuntime
{
    public string Format => ModelFormatNames.MlNet;

    public IModelRunner Create(ModelVersion version, byte[] artifact, ExecutionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(artifact);
        var label = $"{version.Model}@{version.Version}";
        ITransformer model;
        DataViewSchema? inputSchema;
        try
        {
            model = new MLContext(seed: 0).Model.Load(new MemoryStream(artifact, writable: false), out inputSchema);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"ML.NET could not load {label}: {ex.Message}", ex);
        }

        if (inputSchema is null)
        {
            throw new InvalidOperationException($"{label} was saved without an input schema.");
        }

        CheckAgrees(label, version.Signature, model, inputSchema);
        var runner = new MlNetModelRunner(version, model, inputSchema, ModelLayout.FromSignature(version), options.Value, settings, time);
        WarmUp(runner);
        runner.ResetStatistics();
        return runner;
    }

    // The version's signature was read from this same artifact at registration; a mismatch means the signature
    // was edited or the reader changed, and serving would then send ML.NET columns it does not expect.
    private static void CheckAgrees(string label, ModelSignature signature, ITransformer model, DataViewSchema inputSchema)
    {
        var actual = MlNetSignatureReader.Read(model, inputSchema);
        var expected = signature.Inputs.Concat(signature.Outputs).Select(Describe);
        var found = actual.Inputs.Concat(actual.Outputs).Select(Describe);
        if (!expected.SequenceEqual(found))
        {
            throw new InvalidOperationException(
                $"Signature of {label} ({string.Join("; ", expected)}) disagrees with the model ({string.Join("; ", found)}).");
        }

        if (inputSchema.Count != signature.Inputs.Count)
        {
            throw new InvalidOperationException($"{label} has hidden input columns, which cannot be sent over OIP.");
        }

        var outputSchema = model.GetOutputSchema(inputSchema);
        foreach (var output in signature.Outputs)
        {
            if (outputSchema[output.Name].Type is KeyDataViewType { RawType: var raw } && raw != typeof(uint))
            {
                throw new InvalidOperationException($"Output '{output.Name}' of {label} is a {raw.Name} key; only UInt32 keys can be served.");
            }
        }
    }

    private static string Describe(TensorSpec spec) => $"{spec.Name} {spec.ElementType} [{string.Join(",", spec.Shape)}]";

    private void WarmUp(MlNetModelRunner runner)
    {
        var body = WarmUpRequest.Build(runner.Layout);
        try
        {
            runner.Infer(new ReadOnlySequence<byte>(body), new ArrayBufferWriter<byte>(), runner.Version.Model, options.Value);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidOperationException(
                $"Warm-up of {runner.Version.Model}@{runner.Version.Version} with zero inputs failed: {ex.Message}", ex);
        }
    }
}
