using System.Buffers;
using System.Text;
using Modelplane.Serving.Logging;

namespace Modelplane.Serving.Tests.Logging;

/// <summary>Keys, redactors and a string-body shortcut for the inference log tests.</summary>
internal static class Redaction
{
    public static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    public static readonly byte[] OtherKey = [.. Enumerable.Range(101, 32).Select(i => (byte)i)];

    public static FieldRedactor Of(params string[] fields) => new(fields, Key);

    /// <summary>The hash a redactor over <see cref="Key"/> gives for this compact JSON text.</summary>
    public static string Hash(string canonicalJson) => Of().Hash(Encoding.UTF8.GetBytes(canonicalJson));

    public static string Inputs(string body, RequestFormat format, FieldRedactor? redactor = null, int maxBytes = 65536) =>
        LoggedRequest.Inputs(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(body)), format, 0, redactor ?? FieldRedactor.None, maxBytes);
}
