using System.Buffers;
using Microsoft.ML;
using Modelplane.Registry.Models;
using Modelplane.Serving.Oip;
using Modelplane.Serving.Onnx;

namespace Modelplane.Serving.MlNet;

/// <summary>
/// Serves one ML.NET model: each call parses the request with the OIP reader, wraps it in a data view and scores it
/// with the shared transformer. <c>ITransformer.Transform</c> is safe to call concurrently (unlike PredictionEngine),
/// and every call has its own request state, view and cursor.
/// </summary>
internal sealed class MlNetModelRunner(
    ModelVersion version, ITransformer model, DataViewSchema inputSchema, ModelLayout layout, ServingOptions options) : IModelRunner
{
    private volatile bool _disposed;

    public ModelVersion Version => version;

    internal ModelLayout Layout => layout;

    public void Infer(ReadOnlySequence<byte> requestBody, IBufferWriter<byte> output, string modelName)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(modelName);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (requestBody.Length > options.MaxRequestBytes)
        {
            throw InferenceRequestException.TooLarge($"The request body has {requestBody.Length} bytes; the limit is {options.MaxRequestBytes}.");
        }

        var request = new InferenceRequestState(layout.Inputs.Length, layout.Outputs.Length);
        InferenceRequestReader.Read(requestBody, request, layout, modelName, options);
        var rows = BatchSize(request);
        var columns = new RequestColumn[inputSchema.Count];
        for (var i = 0; i < layout.Inputs.Length; i++)
        {
            var column = inputSchema[layout.Inputs[i].Name];
            columns[column.Index] = RequestColumn.Create(layout.Inputs[i].ElementType, request.Inputs[i], column.Type, rows);
        }

        var scored = model.Transform(new RequestDataView(inputSchema, columns, rows));
        var outputs = PredictionColumns.Read(scored, layout.Outputs, rows);
        InferenceResponseWriter.Write(output, layout, request, outputs, modelName);
    }

    private long BatchSize(InferenceRequestState request)
    {
        var rows = request.Inputs[0].Shape[0];
        for (var i = 1; i < layout.Inputs.Length; i++)
        {
            if (request.Inputs[i].Shape[0] != rows)
            {
                throw new InferenceRequestException(
                    $"Input '{layout.Inputs[i].Name}' has {request.Inputs[i].Shape[0]} rows but '{layout.Inputs[0].Name}' has {rows}; all inputs must have the same batch size.");
            }
        }

        return rows;
    }

    // The transformer holds managed memory only; the GC reclaims it once in-flight calls drop their references.
    public void Dispose() => _disposed = true;
}
