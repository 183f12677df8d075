using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Modelplane.Client;

/// <summary>The JSON settings every Modelplane wire contract uses, on the server and in the client.</summary>
public static class ModelplaneJson
{
    /// <summary>
    /// Source-generated metadata with web defaults. Messages are written as readable text (no <c>\u0027</c> for a
    /// quote): responses are <c>application/json</c>, never embedded in HTML.
    /// </summary>
    public static ModelplaneJsonContext Context { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
