using System.Text;
using Modelplane.Registry.Models;
using Modelplane.Serving.Oip;
using Modelplane.Serving.Onnx;

namespace Modelplane.Serving.Protocol;

/// <summary>
/// The typed request a codec fills: one pinned, contiguous buffer per model input, checked against the signature
/// before any data lands in it. Owned by the runner and reused from call to call.
/// </summary>
public sealed partial class InferenceRequest
{
    internal InferenceRequest(ModelLayout layout, long maxElements)
    {
        Layout = layout;
        MaxElements = maxElements;
        State = new InferenceRequestState(layout.Inputs.Length, layout.Outputs.Length);
    }

    internal ModelLayout Layout { get; }

    internal InferenceRequestState State { get; }

    internal long MaxElements { get; }

    /// <summary>The endpoint or model name the client called.</summary>
    public string ModelName { get; internal set; } = "";

    /// <summary>How many inputs the model takes.</summary>
    public int InputCount => Layout.Inputs.Length;

    /// <summary>How many outputs the model can return.</summary>
    public int OutputCount => Layout.Outputs.Length;

    /// <summary>How long the client allows the call to wait, when the request says so; else zero.</summary>
    public TimeSpan Timeout { get; set; }

    /// <summary>A codec's own note from decode to encode (codecs are copied by value); zero at the start of every call.</summary>
    public int ProtocolState { get; set; }

    /// <summary>The name of input <paramref name="index"/>.</summary>
    public string InputName(int index) => Layout.Inputs[index].Name;

    /// <summary>The element type of input <paramref name="index"/>.</summary>
    public TensorElementType InputType(int index) => Layout.Inputs[index].ElementType;

    /// <summary>The declared shape of input <paramref name="index"/>; <see cref="TensorSpec.DynamicDimension"/> marks a dynamic dimension.</summary>
    public ReadOnlySpan<long> InputShape(int index) => Layout.Inputs[index].Shape;

    /// <summary>The name of output <paramref name="index"/>.</summary>
    public string OutputName(int index) => Layout.Outputs[index].Name;

    /// <summary>The index of the input named <paramref name="name"/>, or -1.</summary>
    public int FindInput(string name) => Array.FindIndex(Layout.Inputs, i => i.Name == name);

    /// <summary>The index of the output named <paramref name="name"/>, or -1.</summary>
    public int FindOutput(string name) => Array.FindIndex(Layout.Outputs, o => o.Name == name);

    /// <summary>The inputs the model takes, for error messages.</summary>
    public string InputList => Layout.InputList;

    /// <summary>The outputs the model returns, for error messages.</summary>
    public string OutputList => Layout.OutputList;

    /// <summary>Checks datatype, shape and element count of input <paramref name="index"/> and returns its buffer, sized to the data.</summary>
    /// <param name="index">The input, from <see cref="FindInput"/>.</param>
    /// <param name="datatype">The datatype the client declared; must be the model's.</param>
    /// <param name="shape">The shape the client declared.</param>
    /// <param name="elementsInData">How many elements the client actually sent; must equal the shape's product.
    /// The buffer is sized from this count only after it agrees with the shape, never from the shape alone.</param>
    /// <returns>The little-endian byte buffer to fill, exactly <c>elementsInData × element size</c> bytes long.</returns>
    /// <exception cref="InferenceRequestException">The input was given twice or does not fit the signature.</exception>
    public Span<byte> ReserveInput(int index, TensorElementType datatype, ReadOnlySpan<long> shape, long elementsInData)
    {
        MarkSeen(index);
        Declare(index, datatype, shape);
        var input = State.Inputs[index];
        if (elementsInData != input.ElementCount)
        {
            throw new InferenceRequestException(
                $"Input '{InputName(index)}' shape {ShapeFormat.Format(shape)} needs {input.ElementCount} elements but data has {elementsInData}.");
        }
        var bytes = input.ElementCount * Layout.Inputs[index].ElementSize;
        input.Data.EnsureCapacity(bytes);
        return input.Data.Span[..(int)bytes];
    }

    /// <summary>Checks and stores input <paramref name="index"/> from raw little-endian bytes.</summary>
    /// <exception cref="InferenceRequestException">The input does not fit the signature or the byte count is not the shape's.</exception>
    public void SetInput(int index, TensorElementType datatype, ReadOnlySpan<long> shape, ReadOnlySpan<byte> data)
    {
        var size = Layout.Inputs[index].ElementSize;
        if (size > 0 && datatype == Layout.Inputs[index].ElementType && data.Length % size != 0)
        {
            throw new InferenceRequestException(
                $"Input '{InputName(index)}' has {data.Length} bytes of data, which is not a whole number of {OipDatatypes.Name(datatype)} elements.");
        }
        data.CopyTo(ReserveInput(index, datatype, shape, size == 0 ? -1 : data.Length / size));
    }

    /// <summary>Asks for output <paramref name="index"/>; when no output is asked for, all are returned.</summary>
    /// <exception cref="InferenceRequestException">The output was asked for twice.</exception>
    public void RequestOutput(int index)
    {
        var state = State;
        var count = Math.Max(state.RequestedOutputCount, 0);
        if (state.RequestedOutputs.AsSpan(0, count).Contains(index))
        {
            throw new InferenceRequestException($"Output '{OutputName(index)}' is requested more than once.");
        }
        state.RequestedOutputs[count] = index;
        state.RequestedOutputCount = count + 1;
    }

    /// <summary>Sets the request id echoed in the response.</summary>
    public void SetId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var state = State;
        var length = Encoding.UTF8.GetByteCount(id);
        if (length > state.Id.Length)
        {
            state.Id = new byte[length];
        }
        state.IdLength = Encoding.UTF8.GetBytes(id, state.Id);
        state.HasId = true;
    }

    /// <summary>The request id, or null when the client sent none.</summary>
    public string? Id => State.HasId ? Encoding.UTF8.GetString(State.Id, 0, State.IdLength) : null;

    /// <summary>How long this call may wait for a slot or a batch: the shorter of the transport's and the body's timeout,
    /// else <paramref name="serverDefault"/>.</summary>
    internal TimeSpan WaitLimit(InferenceCall invocation, TimeSpan serverDefault)
    {
        var timeout = invocation.Timeout > TimeSpan.Zero ? invocation.Timeout : serverDefault;
        return Timeout > TimeSpan.Zero && Timeout < timeout ? Timeout : timeout;
    }

    /// <summary>Rows in this request: the leading dimension of the first input (1 for a scalar input).</summary>
    internal long Rows => State.Inputs.Length > 0 && State.Inputs[0].Rank > 0 ? State.Inputs[0].Shape[0] : 1;

    internal void Reset(string modelName)
    {
        ModelName = modelName;
        Timeout = TimeSpan.Zero;
        ProtocolState = 0;
        State.Reset();
    }
}
