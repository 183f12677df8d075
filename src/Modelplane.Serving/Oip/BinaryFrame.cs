using System.Buffers;
using Modelplane.Registry.Models;
using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.Oip;

/// <summary>
/// The binary tensor data extension's state for one call: the raw bytes after the JSON header, handed out to inputs
/// in order, and which outputs go back as raw bytes after the JSON response.
/// </summary>
internal sealed class BinaryFrame
{
    /// <summary>The request header that carries the JSON header's length; the response carries it too.</summary>
    public const string HeaderName = "Inference-Header-Content-Length";

    private ReadOnlySequence<byte> _tail;
    private long _taken;
    private sbyte[] _outputChoice = [];
    private bool _allOutputs;

    /// <summary>How many of the response's outputs were written as binary by the last encode.</summary>
    public int BinaryOutputCount { get; set; }

    public void Reset(ReadOnlySequence<byte> tail, int outputCount)
    {
        _tail = tail;
        _taken = 0;
        _allOutputs = false;
        BinaryOutputCount = 0;
        if (_outputChoice.Length != outputCount)
        {
            _outputChoice = new sbyte[outputCount];
        }
        Array.Clear(_outputChoice);
    }

    /// <summary>Takes the next <paramref name="size"/> bytes of the tail for input <paramref name="name"/>.</summary>
    /// <exception cref="InferenceRequestException">Fewer bytes than that remain.</exception>
    public ReadOnlySequence<byte> Take(long size, string name)
    {
        var remaining = _tail.Length - _taken;
        if (size > remaining)
        {
            throw new InferenceRequestException(
                $"Input '{name}' parameter 'binary_data_size' is {size} bytes, but only {remaining} bytes of binary data remain after the JSON header.");
        }
        var slice = _tail.Slice(_taken, size);
        _taken += size;
        return slice;
    }

    /// <summary>Fails when bytes after the JSON header belong to no input: a client and server that disagree on sizes must not run.</summary>
    public void EnsureAllTaken()
    {
        if (_taken != _tail.Length)
        {
            throw new InferenceRequestException(
                $"The body has {_tail.Length - _taken} bytes after the JSON header and its inputs' 'binary_data_size' values; " +
                $"header {HeaderName} or a 'binary_data_size' is wrong.");
        }
    }

    /// <summary>Records request parameter <c>binary_data_output</c>.</summary>
    public void SetAllOutputs(bool binary) => _allOutputs = binary;

    /// <summary>Records output parameter <c>binary_data</c>, which overrides <c>binary_data_output</c>.</summary>
    public void SetOutput(int index, bool binary) => _outputChoice[index] = binary ? (sbyte)1 : (sbyte)-1;

    /// <summary>Whether output <paramref name="index"/> goes back as raw bytes.</summary>
    public bool IsBinary(int index) => _outputChoice[index] == 0 ? _allOutputs : _outputChoice[index] > 0;

    /// <summary>Refuses binary output for string tensors before the model runs, naming the parameter that asked for it.</summary>
    public void CheckOutputs(InferenceRequest request)
    {
        var state = request.State;
        var count = state.RequestedOutputCount < 0 ? request.OutputCount : state.RequestedOutputCount;
        for (var k = 0; k < count; k++)
        {
            var index = state.RequestedOutputCount < 0 ? k : state.RequestedOutputs[k];
            if (IsBinary(index) && request.Layout.Outputs[index].ElementType == TensorElementType.String)
            {
                var field = _outputChoice[index] > 0 ? "binary_data" : "binary_data_output";
                throw new InferenceRequestException(
                    $"Output '{request.OutputName(index)}' has datatype BYTES; parameter '{field}' is supported only for fixed-size datatypes, so ask for it as JSON.");
            }
        }
    }
}
