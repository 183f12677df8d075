using System.Runtime.InteropServices;
using System.Text.Json;
using Modelplane.Registry.Models;
using Modelplane.Serving.Oip;
using Modelplane.Serving.Onnx;
using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.Mlflow;

/// <summary>
/// Rows of a scoring request, written straight into the request's pooled input buffers as they are parsed. The row
/// count is known only at the end, so each buffer grows (keeping what it holds) and the shape <c>[rows, ...]</c> is
/// declared with <see cref="InferenceRequest.ReserveInput"/> once all rows are in; that call checks the shape and
/// hands back the very bytes already written.
/// </summary>
internal ref partial struct RowTable
{
    private readonly InferenceRequest _request;
    private readonly ModelLayout _layout;
    private readonly Span<long> _written;
    private readonly Span<long> _rows;
    private readonly Span<long> _width;

    /// <param name="request">The request to fill.</param>
    /// <param name="scratch">Three longs per input: elements written, rows, elements per row (-1 while open).</param>
    public RowTable(InferenceRequest request, Span<long> scratch)
    {
        _request = request;
        _layout = request.Layout;
        var n = _layout.Inputs.Length;
        _written = scratch[..n];
        _rows = scratch.Slice(n, n);
        _width = scratch.Slice(2 * n, n);
        _written.Clear();
        _rows.Clear();
        for (var i = 0; i < n; i++)
        {
            _width[i] = SignatureWidth(_layout.Inputs[i].Shape);
        }
    }

    public readonly int InputCount => _layout.Inputs.Length;

    public readonly string ModelName => _request.ModelName;

    public readonly string InputList => _layout.InputList;

    public readonly string InputName(int slot) => _layout.Inputs[slot].Name;

    public readonly ReadOnlySpan<byte> InputUtf8Name(int slot) => _layout.Inputs[slot].Utf8Name;

    /// <summary>Elements per row the signature fixes for input <paramref name="slot"/>, or -1 when it leaves them open.</summary>
    public readonly long Width(int slot) => _width[slot];

    public readonly long Rows(int slot) => _rows[slot];

    /// <summary>The input whose name is the current string or property name token, or -1.</summary>
    public readonly int FindInput(ref Utf8JsonReader reader)
    {
        var inputs = _layout.Inputs;
        for (var i = 0; i < inputs.Length; i++)
        {
            if (reader.ValueTextEquals(inputs[i].Utf8Name))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Fixes the row width of an input whose signature leaves it open (a table's column count), or checks it.</summary>
    public void ExpectWidth(int slot, long width, string field)
    {
        if (_width[slot] < 0)
        {
            _width[slot] = width;
        }
        else if (_width[slot] != width)
        {
            throw MlflowErrorCodes.InvalidValue(
                $"Field '{field}' has {width} columns, but input '{InputName(slot)}' of model '{ModelName}' takes {_width[slot]} values per row.");
        }
    }

    /// <summary>Reads one cell (a number, or a nested list flattened in row-major order) as the next row of an input.</summary>
    public void AppendRow(ref Utf8JsonReader reader, int slot, string field)
    {
        var count = _layout.Inputs[slot].ElementType switch
        {
            TensorElementType.Float32 => Append<float, ElementParsers.Float32>(ref reader, slot),
            TensorElementType.Float64 => Append<double, ElementParsers.Float64>(ref reader, slot),
            TensorElementType.Float16 => Append<Half, ElementParsers.Float16>(ref reader, slot),
            TensorElementType.Int64 => Append<long, ElementParsers.Int64>(ref reader, slot),
            TensorElementType.Int32 => Append<int, ElementParsers.Int32>(ref reader, slot),
            TensorElementType.Int16 => Append<short, ElementParsers.Int16>(ref reader, slot),
            TensorElementType.Int8 => Append<sbyte, ElementParsers.Int8>(ref reader, slot),
            TensorElementType.UInt64 => Append<ulong, ElementParsers.UInt64>(ref reader, slot),
            TensorElementType.UInt32 => Append<uint, ElementParsers.UInt32>(ref reader, slot),
            TensorElementType.UInt16 => Append<ushort, ElementParsers.UInt16>(ref reader, slot),
            TensorElementType.UInt8 => Append<byte, ElementParsers.UInt8>(ref reader, slot),
            TensorElementType.Bool => Append<bool, ElementParsers.Bool>(ref reader, slot),
            _ => throw Unsupported(slot),
        };
        EndRow(slot, count, field);
    }

    /// <summary>Counts a row of <paramref name="count"/> elements already written, checking it against the row width.</summary>
    public void EndRow(int slot, long count, string field)
    {
        var row = _rows[slot];
        if (_width[slot] < 0)
        {
            _width[slot] = count;
        }
        if (count != _width[slot] || count == 0)
        {
            throw MlflowErrorCodes.InvalidValue(
                $"Row {row} of '{field}' has {count} values for input '{InputName(slot)}', which takes {_width[slot]} per row"
                + (row > 0 ? " (as the rows before it)." : "."));
        }
        _rows[slot] = row + 1;
    }

    /// <summary>Marks a whole table stored cell by cell (<see cref="Store"/>): <paramref name="rows"/> rows of <paramref name="width"/>.</summary>
    public void SetRows(int slot, long rows, long width)
    {
        _rows[slot] = rows;
        _width[slot] = width;
        _written[slot] = rows * width;
    }

    private long Append<T, TParser>(ref Utf8JsonReader reader, int slot)
        where T : unmanaged
        where TParser : IElementParser<T>
    {
        var label = _layout.Inputs[slot].Name;
        var start = _written[slot];
        var n = start;
        var buffer = Buffer<T>(slot);
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            var value = TParser.Parse(ref reader, label);
            if (n == buffer.Length)
            {
                buffer = Grow<T>(slot, n + 1);
            }
            buffer[(int)n++] = value;
        }
        else
        {
            var depth = 1;
            while (depth > 0 && reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartArray:
                        depth++;
                        break;
                    case JsonTokenType.EndArray:
                        depth--;
                        break;
                    default:
                        var value = TParser.Parse(ref reader, label);
                        if (n == buffer.Length)
                        {
                            buffer = Grow<T>(slot, n + 1);
                        }
                        buffer[(int)n++] = value;
                        break;
                }
            }
        }
        _written[slot] = n;
        return n - start;
    }

    private readonly Span<T> Buffer<T>(int slot)
        where T : unmanaged => MemoryMarshal.Cast<byte, T>(_request.State.Inputs[slot].Data.Span);

    /// <summary>Makes room for <paramref name="elements"/>, keeping everything written; bounded by the element limit, never by a declared size.</summary>
    private readonly Span<T> Grow<T>(int slot, long elements)
        where T : unmanaged
    {
        if (elements > _request.MaxElements)
        {
            throw InferenceRequestException.TooLarge(
                $"Input '{InputName(slot)}' has more than {_request.MaxElements} elements; the limit is {_request.MaxElements}.");
        }
        var data = _request.State.Inputs[slot].Data;
        data.EnsureCapacity(elements * _layout.Inputs[slot].ElementSize, keep: data.Array.Length);
        return MemoryMarshal.Cast<byte, T>(data.Span);
    }

    private readonly InferenceRequestException Unsupported(int slot) => new(
        $"Input '{InputName(slot)}' has datatype {OipDatatypes.Name(_layout.Inputs[slot].ElementType)}, which the MLflow scoring protocol cannot fill; use /v2.");

    private static long SignatureWidth(long[] shape)
    {
        if (shape.Length == 0)
        {
            return 1;
        }
        long width = 1;
        for (var d = 1; d < shape.Length; d++)
        {
            if (shape[d] == TensorSpec.DynamicDimension)
            {
                return -1;
            }
            width *= shape[d];
        }
        return width;
    }
}
