using Modelplane.Registry.Models;
using Modelplane.Serving.Oip;
using Modelplane.Serving.Onnx;

namespace Modelplane.Serving.Protocol;

/// <summary>
/// The outputs of one successful run, in the order the client asked for them (all outputs in signature order when
/// it asked for none). Valid only during <see cref="IInferenceCodec.Encode"/>: the buffers go back to the pool after.
/// </summary>
public readonly struct InferenceResult
{
    private readonly InferenceRequest _request;
    private readonly OutputTensor[] _outputs;

    internal InferenceResult(InferenceRequest request, OutputTensor[] outputs)
    {
        _request = request;
        _outputs = outputs;
    }

    internal InferenceRequest Request => _request;

    internal OutputTensor[] Outputs => _outputs;

    /// <summary>The endpoint or model name the client called.</summary>
    public string ModelName => _request.ModelName;

    /// <summary>The version that answered.</summary>
    public int ModelVersion => _request.Layout.Version;

    /// <summary>The request id, or null when the client sent none.</summary>
    public string? Id => _request.Id;

    /// <summary>What the codec noted while decoding (see <see cref="InferenceRequest.ProtocolState"/>).</summary>
    public int ProtocolState => _request.ProtocolState;

    /// <summary>Rows in the request: the leading dimension of its first input.</summary>
    public long Rows => _request.Rows;

    /// <summary>How many inputs the model takes (in signature order).</summary>
    public int InputCount => _request.InputCount;

    /// <summary>Input <paramref name="index"/> (signature order) as the request gave it, for monitors that profile inputs.</summary>
    public InputView Input(int index) => new(_request.Layout.Inputs[index], _request.State.Inputs[index]);

    /// <summary>How many outputs the model returns (in signature order), requested or not.</summary>
    public int OutputCountAll => _outputs.Length;

    /// <summary>Output <paramref name="index"/> in signature order, whether or not the client asked for it.</summary>
    public OutputView Output(int index) => new(_request.Layout.Outputs[index], _outputs[index]);

    /// <summary>How many outputs to write.</summary>
    public int Count => _request.State.RequestedOutputCount < 0 ? _outputs.Length : _request.State.RequestedOutputCount;

    /// <summary>The <paramref name="position"/>-th output to write.</summary>
    public OutputView this[int position]
    {
        get
        {
            var state = _request.State;
            var index = state.RequestedOutputCount < 0 ? position : state.RequestedOutputs[position];
            return new OutputView(_request.Layout.Outputs[index], _outputs[index]);
        }
    }
}

/// <summary>One output tensor of a run, read straight from the runtime's buffer.</summary>
public readonly struct OutputView
{
    private readonly TensorPlan _plan;
    private readonly OutputTensor _tensor;

    internal OutputView(TensorPlan plan, OutputTensor tensor)
    {
        _plan = plan;
        _tensor = tensor;
    }

    /// <summary>The output's name in the signature.</summary>
    public string Name => _plan.Name;

    /// <summary>The element type.</summary>
    public TensorElementType ElementType => _plan.ElementType;

    /// <summary>The shape of this run's output.</summary>
    public ReadOnlySpan<long> Shape => _tensor.Shape;

    /// <summary>How many elements the output has.</summary>
    public long ElementCount => _tensor.ElementCount;

    /// <summary>Bytes per element; 0 for strings.</summary>
    public int ElementSize => _plan.ElementSize;

    /// <summary>The elements as little-endian bytes (not for strings).</summary>
    public ReadOnlySpan<byte> Data => _tensor.RawData(_plan.ElementSize);

    /// <summary>String element <paramref name="index"/> as UTF-8, without copying (string outputs only).</summary>
    public ReadOnlySpan<byte> StringBytes(int index) => _tensor.Value!.GetStringElementAsSpan(index);

    /// <summary>String element <paramref name="index"/> (string outputs only).</summary>
    public string GetString(int index) => System.Text.Encoding.UTF8.GetString(_tensor.Value!.GetStringElementAsSpan(index));

    internal TensorPlan Plan => _plan;

    internal OutputTensor Tensor => _tensor;
}

/// <summary>One input tensor of a run, read from the request's buffer.</summary>
public readonly struct InputView
{
    private readonly TensorPlan _plan;
    private readonly InputState _state;

    internal InputView(TensorPlan plan, InputState state)
    {
        _plan = plan;
        _state = state;
    }

    /// <summary>The element type.</summary>
    public TensorElementType ElementType => _plan.ElementType;

    /// <summary>The shape the request gave.</summary>
    public ReadOnlySpan<long> Shape => _state.ShapeSpan;

    /// <summary>The elements as little-endian bytes.</summary>
    public ReadOnlySpan<byte> Data => _state.Data.Span[..(int)(_state.ElementCount * _plan.ElementSize)];
}
