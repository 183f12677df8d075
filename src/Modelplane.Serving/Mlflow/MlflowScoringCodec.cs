using System.Buffers;
using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.Mlflow;

/// <summary>The body format of an MLflow scoring request.</summary>
public enum MlflowContent
{
    /// <summary><c>application/json</c>: exactly one of <c>dataframe_split</c>, <c>dataframe_records</c>, <c>instances</c>, <c>inputs</c>, plus optional <c>params</c>.</summary>
    Json,

    /// <summary><c>text/csv</c>: an optional header row of column names, then one row per line.</summary>
    Csv,
}

/// <summary>
/// The MLflow scoring protocol (<c>mlflow models serve</c>'s <c>/invocations</c>): rows parsed straight into the request's
/// pooled input buffers, predictions written straight from the output buffers as <c>{"predictions": ...}</c>.
/// </summary>
/// <remarks>
/// The answer takes the shape MLflow gives for an ONNX model: tensor input (<c>instances</c>, <c>inputs</c>) gets an object
/// of output arrays, <c>{"predictions": {"label": [...], "probability": [[...]]}}</c>; DataFrame input
/// (<c>dataframe_split</c>, <c>dataframe_records</c>, CSV) gets a list (one output) or one record per row (several).
/// Columns named after the signature's inputs fill those inputs, one row slice per cell. Any other columns (or none) feed a
/// single-input model's features in order, as MLflow feeds <c>DataFrame.values</c> to an ONNX model with one input:
/// a model with input <c>[N, F]</c> takes rows of F numbers.
/// </remarks>
/// <param name="body">The UTF-8 request body.</param>
/// <param name="content">Whether the body is JSON or CSV.</param>
/// <param name="output">Receives the UTF-8 JSON response.</param>
/// <param name="options">Limits (body size, JSON depth, elements).</param>
public readonly struct MlflowScoringCodec(ReadOnlySequence<byte> body, MlflowContent content, IBufferWriter<byte> output, ServingOptions options)
    : IInferenceCodec
{
    /// <inheritdoc />
    public void Decode(InferenceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (body.Length > options.MaxRequestBytes)
        {
            throw InferenceRequestException.TooLarge($"The request body has {body.Length} bytes; the limit is {options.MaxRequestBytes}.");
        }
        var inputs = request.InputCount;
        Span<long> scratch = inputs <= 16 ? stackalloc long[3 * inputs] : new long[3 * inputs];
        var table = new RowTable(request, scratch);
        if (content == MlflowContent.Csv)
        {
            ScoringCsvReader.Read(body, ref table);
        }
        else if (ScoringJsonReader.Read(body, ref table, options.MaxJsonDepth))
        {
            request.ProtocolState = ScoringResponseWriter.TensorInput;
        }
        table.Finish();
    }

    /// <inheritdoc />
    public void Encode(InferenceResult result) => ScoringResponseWriter.Write(output, result);
}
