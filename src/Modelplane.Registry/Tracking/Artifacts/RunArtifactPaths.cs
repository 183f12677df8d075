using System.Text;
using Modelplane.Registry.Models;

namespace Modelplane.Registry.Tracking.Artifacts;

/// <summary>
/// The one accepted spelling of a run-artifact path (<c>1/0f3c…/artifacts/model/MLmodel</c>) and the mapping from
/// <c>mlflow-artifacts:</c> URIs to such paths.
/// </summary>
public static class RunArtifactPaths
{
    /// <summary>The URI scheme of artifacts that Modelplane stores itself.</summary>
    public const string Scheme = "mlflow-artifacts";

    /// <summary>The longest accepted path, in characters.</summary>
    public const int MaxLength = 1024;

    /// <summary>The longest accepted segment, in UTF-8 bytes (Linux's NAME_MAX).</summary>
    public const int MaxSegmentBytes = 255;

    /// <summary>
    /// Throws <see cref="RegistryValidationException"/> unless <paramref name="path"/> is relative, uses only <c>/</c>
    /// between non-empty segments, has no <c>.</c> or <c>..</c> segment, no backslash, no control character, and
    /// fits the length limits. An empty path (the root) passes only when <paramref name="allowRoot"/> is set.
    /// </summary>
    /// <returns>The path's segments.</returns>
    public static string[] Validate(string? path, bool allowRoot = false)
    {
        if (string.IsNullOrEmpty(path))
        {
            return allowRoot ? [] : throw Invalid(path ?? "", "it is empty");
        }

        if (path.Length > MaxLength)
        {
            throw Invalid(path[..32] + "…", $"it is longer than {MaxLength} characters");
        }

        if (path[0] == '/')
        {
            throw Invalid(path, "it is absolute");
        }

        foreach (var c in path)
        {
            if (c == '\\' || char.IsControl(c))
            {
                throw Invalid(path, c == '\\' ? "it contains a backslash" : "it contains a control character");
            }
        }

        var segments = path.Split('/');
        foreach (var segment in segments)
        {
            if (segment is "" or "." or "..")
            {
                throw Invalid(path, segment.Length == 0 ? "it has an empty segment" : $"it has a '{segment}' segment");
            }

            if (Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
            {
                throw Invalid(path, $"a segment is longer than {MaxSegmentBytes} bytes");
            }
        }

        return segments;
    }

    /// <summary>
    /// Returns the store path an <c>mlflow-artifacts:</c> URI names (<c>mlflow-artifacts:/1/abc/artifacts</c> →
    /// <c>1/abc/artifacts</c>; a host, as in <c>mlflow-artifacts://host:5000/1/…</c>, is ignored), or null for any
    /// other scheme. The result is not validated; pass it to the store, which is.
    /// </summary>
    public static string? FromUri(string? uri)
    {
        const string prefix = Scheme + ":";
        if (uri is null || !uri.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = uri[prefix.Length..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var pathStart = rest.IndexOf('/', 2);
            rest = pathStart < 0 ? "" : rest[pathStart..];
        }

        return rest.Trim('/');
    }

    private static RegistryValidationException Invalid(string path, string reason) =>
        new($"Invalid artifact path '{Printable(path)}': {reason}. Use a relative path like 'model/MLmodel'.");

    // Echoing a control character into an error message would hand it to every log and terminal that shows it.
    private static string Printable(string path) =>
        string.Create(path.Length, path, (span, p) =>
        {
            for (var i = 0; i < p.Length; i++)
            {
                span[i] = char.IsControl(p[i]) ? '?' : p[i];
            }
        });
}
