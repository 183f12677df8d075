using System.Text.Json.Serialization;
using Modelplane.Registry.Tracking;

namespace Modelplane.Registry.Storage.Sqlite.Tracking;

// The one JSON column of the tracking tables: a dataset input's tags.
[JsonSerializable(typeof(IReadOnlyList<TrackingTag>))]
internal sealed partial class TrackingJsonContext : JsonSerializerContext;
