using System.Text.Json.Serialization;

namespace Modelplane.Cli.Tests.Fakes;

[JsonSerializable(typeof(double[]))]
[JsonSerializable(typeof(bool[]))]
internal sealed partial class JsonContext : JsonSerializerContext;
