using System.Text.Json.Serialization;
using Modelplane.Registry.Models;

namespace Modelplane.Registry.Storage.Sqlite;

// The JSON columns (signature, metrics, params) and the tag, parent and alias sets folded into JSON by queries. Enums are written as names so stored rows stay readable
// and survive reordering of TensorElementType; named float literals keep a NaN metric from failing a push.
[JsonSourceGenerationOptions(
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(ModelSignature))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, double>))]
[JsonSerializable(typeof(IReadOnlyList<int>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyList<SignatureRow>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
