using System.Numerics;
using System.Runtime.InteropServices;
using Google.Protobuf.Collections;
using Modelplane.Registry.Models;
using Modelplane.Serving;
using Modelplane.Serving.Oip;
using Modelplane.Serving.Protocol;
using Modelplane.Server.Grpc.Protocol;
using InputTensor = Modelplane.Server.Grpc.Protocol.ModelInferRequest.Types.InferInputTensor;

namespace Modelplane.Server.Grpc;

internal readonly partial struct GrpcInferCodec
{
    /// <summary>Copies the typed contents field that matches <paramref name="datatype"/>; the buffer is reserved only
    /// after the field's element count has been checked against the shape.</summary>
    private static void CopyContents(InferenceRequest target, int index, TensorElementType datatype, ReadOnlySpan<long> shape, InputTensor input)
    {
        var contents = input.Contents;
        var field = FieldFor(datatype)
            ?? throw new InferenceRequestException($"Input '{input.Name}' has datatype {input.Datatype}, which has no typed contents field; send it in 'raw_input_contents'.");
        foreach (var (name, count) in Counts(contents))
        {
            if (count > 0 && name != field)
            {
                throw new InferenceRequestException(
                    $"Input '{input.Name}' has datatype {input.Datatype}, so its data belongs in 'contents.{field}', not 'contents.{name}'.");
            }
        }

        switch (datatype)
        {
            case TensorElementType.Float32:
                Copy(contents.Fp32Contents, MemoryMarshal.Cast<byte, float>(target.ReserveInput(index, datatype, shape, contents.Fp32Contents.Count)));
                break;
            case TensorElementType.Float64:
                Copy(contents.Fp64Contents, MemoryMarshal.Cast<byte, double>(target.ReserveInput(index, datatype, shape, contents.Fp64Contents.Count)));
                break;
            case TensorElementType.Int64:
                Copy(contents.Int64Contents, MemoryMarshal.Cast<byte, long>(target.ReserveInput(index, datatype, shape, contents.Int64Contents.Count)));
                break;
            case TensorElementType.UInt64:
                Copy(contents.Uint64Contents, MemoryMarshal.Cast<byte, ulong>(target.ReserveInput(index, datatype, shape, contents.Uint64Contents.Count)));
                break;
            case TensorElementType.Int32:
                Copy(contents.IntContents, MemoryMarshal.Cast<byte, int>(target.ReserveInput(index, datatype, shape, contents.IntContents.Count)));
                break;
            case TensorElementType.UInt32:
                Copy(contents.UintContents, MemoryMarshal.Cast<byte, uint>(target.ReserveInput(index, datatype, shape, contents.UintContents.Count)));
                break;
            case TensorElementType.Int16:
                Narrow(contents.IntContents, MemoryMarshal.Cast<byte, short>(target.ReserveInput(index, datatype, shape, contents.IntContents.Count)), input);
                break;
            case TensorElementType.Int8:
                Narrow(contents.IntContents, MemoryMarshal.Cast<byte, sbyte>(target.ReserveInput(index, datatype, shape, contents.IntContents.Count)), input);
                break;
            case TensorElementType.UInt16:
                Narrow(contents.UintContents, MemoryMarshal.Cast<byte, ushort>(target.ReserveInput(index, datatype, shape, contents.UintContents.Count)), input);
                break;
            case TensorElementType.UInt8:
                Narrow(contents.UintContents, target.ReserveInput(index, datatype, shape, contents.UintContents.Count), input);
                break;
            case TensorElementType.Bool:
                var flags = target.ReserveInput(index, datatype, shape, contents.BoolContents.Count);
                for (var i = 0; i < flags.Length; i++)
                {
                    flags[i] = contents.BoolContents[i] ? (byte)1 : (byte)0;
                }
                break;
            default:
                // BYTES: the request is checked against the model, which refuses strings it cannot take.
                target.ReserveInput(index, datatype, shape, contents.BytesContents.Count);
                throw new InferenceRequestException($"Input '{input.Name}' has datatype {OipDatatypes.Name(datatype)}, which Modelplane does not accept yet.");
        }
    }

    private static string? FieldFor(TensorElementType datatype) => datatype switch
    {
        TensorElementType.Bool => "bool_contents",
        TensorElementType.Int8 or TensorElementType.Int16 or TensorElementType.Int32 => "int_contents",
        TensorElementType.Int64 => "int64_contents",
        TensorElementType.UInt8 or TensorElementType.UInt16 or TensorElementType.UInt32 => "uint_contents",
        TensorElementType.UInt64 => "uint64_contents",
        TensorElementType.Float32 => "fp32_contents",
        TensorElementType.Float64 => "fp64_contents",
        TensorElementType.String => "bytes_contents",
        _ => null,
    };

    private static (string Field, int Count)[] Counts(InferTensorContents c) =>
    [
        ("bool_contents", c.BoolContents.Count), ("int_contents", c.IntContents.Count), ("int64_contents", c.Int64Contents.Count),
        ("uint_contents", c.UintContents.Count), ("uint64_contents", c.Uint64Contents.Count), ("fp32_contents", c.Fp32Contents.Count),
        ("fp64_contents", c.Fp64Contents.Count), ("bytes_contents", c.BytesContents.Count),
    ];

    private static void Copy<T>(RepeatedField<T> source, Span<T> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = source[i];
        }
    }

    private static void Narrow<TSource, TTarget>(RepeatedField<TSource> source, Span<TTarget> destination, InputTensor input)
        where TSource : INumber<TSource>
        where TTarget : INumber<TTarget>
    {
        for (var i = 0; i < destination.Length; i++)
        {
            try
            {
                destination[i] = TTarget.CreateChecked(source[i]);
            }
            catch (OverflowException)
            {
                throw new InferenceRequestException($"Input '{input.Name}' element {i} is {source[i]}, which is out of range for {input.Datatype}.");
            }
        }
    }
}
