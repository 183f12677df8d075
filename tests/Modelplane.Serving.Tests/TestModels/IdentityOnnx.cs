using System.Text;
using Modelplane.Registry.Models;

namespace Modelplane.Serving.Tests.TestModels;

/// <summary>Writes a one-node ONNX graph (input -> Identity -> output) for any element type, as raw protobuf.</summary>
internal static class IdentityOnnx
{
    public static byte[] Build(TensorElementType type, params long[] shape) => Build(type, shape, shape, "N");

    /// <summary>Builds the graph with a declared output shape of its own; dynamic output dimensions get <paramref name="outputSymbol"/>.</summary>
    public static byte[] Build(TensorElementType type, long[] shape, long[] outputShape, string outputSymbol)
    {
        var node = Message(w => { w.String(1, "x"); w.String(2, "y"); w.String(4, "Identity"); });
        var graph = Message(w =>
        {
            w.Bytes(1, node);
            w.String(2, "identity");
            w.Bytes(11, ValueInfo("x", type, shape, "N"));
            w.Bytes(12, ValueInfo("y", type, outputShape, outputSymbol));
        });
        return Message(w =>
        {
            w.Varint(1, 7);
            w.Bytes(7, graph);
            w.Bytes(8, Message(o => { o.String(1, ""); o.Varint(2, 13); }));
        });
    }

    public static ModelVersion Version(TensorElementType type, params long[] shape) => Version(type, shape, shape);

    public static ModelVersion Version(TensorElementType type, long[] shape, long[] outputShape) => new(
        "identity", 1, new string('0', 64), 0, "onnx",
        new ModelSignature([new TensorSpec("x", type, shape)], [new TensorSpec("y", type, outputShape)]),
        null, new Dictionary<string, string>(), new Dictionary<string, double>(), DateTimeOffset.UnixEpoch);

    private static byte[] ValueInfo(string name, TensorElementType type, long[] shape, string symbol)
    {
        var dims = Message(w =>
        {
            foreach (var dim in shape)
            {
                w.Bytes(1, Message(d => { if (dim < 0) { d.String(2, symbol); } else { d.Varint(1, (ulong)dim); } }));
            }
        });
        var tensor = Message(w => { w.Varint(1, (ulong)OnnxType(type)); w.Bytes(2, dims); });
        return Message(w => { w.String(1, name); w.Bytes(2, Message(t => t.Bytes(1, tensor))); });
    }

    private static int OnnxType(TensorElementType type) => type switch
    {
        TensorElementType.Float32 => 1, TensorElementType.UInt8 => 2, TensorElementType.Int8 => 3,
        TensorElementType.UInt16 => 4, TensorElementType.Int16 => 5, TensorElementType.Int32 => 6,
        TensorElementType.Int64 => 7, TensorElementType.String => 8, TensorElementType.Bool => 9,
        TensorElementType.Float16 => 10, TensorElementType.Float64 => 11, TensorElementType.UInt32 => 12,
        TensorElementType.UInt64 => 13, _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static byte[] Message(Action<ProtoWriter> build)
    {
        var writer = new ProtoWriter();
        build(writer);
        return writer.ToArray();
    }

    private sealed class ProtoWriter
    {
        private readonly MemoryStream _stream = new();

        public void Varint(int field, ulong value)
        {
            Raw(((ulong)field << 3) | 0);
            Raw(value);
        }

        public void Bytes(int field, byte[] value)
        {
            Raw(((ulong)field << 3) | 2);
            Raw((ulong)value.Length);
            _stream.Write(value);
        }

        public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public byte[] ToArray() => _stream.ToArray();

        private void Raw(ulong value)
        {
            while (value >= 0x80)
            {
                _stream.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }
            _stream.WriteByte((byte)value);
        }
    }
}
