using System.Collections.Frozen;
using Modelplane.Registry.Models;
using Modelplane.Serving.Oip;

namespace Modelplane.Server.Grpc;

/// <summary>OIP datatype names (as in the REST protocol) to element types.</summary>
internal static class GrpcDatatypes
{
    private static readonly FrozenDictionary<string, TensorElementType> ByName = new[]
    {
        TensorElementType.Bool, TensorElementType.UInt8, TensorElementType.UInt16, TensorElementType.UInt32, TensorElementType.UInt64,
        TensorElementType.Int8, TensorElementType.Int16, TensorElementType.Int32, TensorElementType.Int64,
        TensorElementType.Float16, TensorElementType.Float32, TensorElementType.Float64, TensorElementType.String,
    }.ToFrozenDictionary(OipDatatypes.Name, StringComparer.Ordinal);

    /// <summary>The element type named <paramref name="name"/> (exact, upper case), or null.</summary>
    public static TensorElementType? Parse(string name) => ByName.TryGetValue(name, out var type) ? type : null;
}
