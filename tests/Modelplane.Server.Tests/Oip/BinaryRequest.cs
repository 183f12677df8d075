using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Modelplane.Server.Tests.Oip;

/// <summary>Builds and reads bodies of the OIP binary tensor data extension: a JSON header, then raw little-endian tensor bytes.</summary>
internal static class BinaryRequest
{
    public const string Header = "Inference-Header-Content-Length";

    /// <summary>A body whose JSON header is <paramref name="json"/> followed by <paramref name="tail"/>.</summary>
    public static ByteArrayContent Content(string json, ReadOnlySpan<byte> tail, string? headerValue = null)
    {
        var head = Encoding.UTF8.GetBytes(json);
        var body = new byte[head.Length + tail.Length];
        head.CopyTo(body, 0);
        tail.CopyTo(body.AsSpan(head.Length));
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.TryAddWithoutValidation(Header, headerValue ?? head.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return content;
    }

    /// <summary>A request for the Linear3 model with input <c>x</c> as binary FP32 rows, plus optional extra JSON fields.</summary>
    public static ByteArrayContent Linear3(float[] values, string extra = "")
    {
        var json = $$$"""{"inputs":[{"name":"x","shape":[{{{values.Length / 3}}},3],"datatype":"FP32","parameters":{"binary_data_size":{{{values.Length * 4}}}}}]{{{extra}}}}""";
        return Content(json, MemoryMarshal.AsBytes(values.AsSpan()));
    }

    /// <summary>Splits a binary response into its JSON header and the bytes after it.</summary>
    public static async Task<(JsonDocument Json, byte[] Tail)> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        var length = response.Headers.TryGetValues(Header, out var values) ? int.Parse(values.Single(), System.Globalization.CultureInfo.InvariantCulture) : body.Length;
        return (JsonDocument.Parse(body.AsMemory(0, length)), body[length..]);
    }
}
