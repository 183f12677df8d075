using System.Globalization;

namespace Modelplane.Registry.Models.Archive;

/// <summary>
/// The layout of a model archive: a tar file (optionally gzip-compressed) whose first entry is
/// <c>manifest.json</c>, followed by <c>cards/&lt;version&gt;.md</c> for versions with a model card and one
/// <c>blobs/sha256/&lt;digest&gt;</c> per distinct artifact (stored once however many versions share it).
/// </summary>
public static class ModelArchiveFormat
{
    /// <summary>The manifest format this build writes and the only one it reads.</summary>
    public const int Version = 1;

    /// <summary>Name of the first entry.</summary>
    public const string ManifestEntry = "manifest.json";

    /// <summary>Prefix of model card entries: <c>cards/3.md</c>.</summary>
    public const string CardPrefix = "cards/";

    /// <summary>Prefix of reference profile entries (drift monitoring): <c>profiles/3.json</c>.</summary>
    public const string ProfilePrefix = "profiles/";

    /// <summary>Prefix of blob entries: <c>blobs/sha256/&lt;64 hex&gt;</c>.</summary>
    public const string BlobPrefix = "blobs/sha256/";

    /// <summary>Media type of an uncompressed archive.</summary>
    public const string TarMediaType = "application/x-tar";

    /// <summary>Media type of a gzip-compressed archive.</summary>
    public const string GzipMediaType = "application/gzip";

    /// <summary>The largest manifest an import reads (16 MiB: tens of thousands of versions).</summary>
    public const int MaxManifestBytes = 16 * 1024 * 1024;

    /// <summary>The entry name of a version's model card.</summary>
    public static string CardEntry(int version) => CardPrefix + version.ToString(CultureInfo.InvariantCulture) + ".md";

    /// <summary>The entry name of a version's reference profile.</summary>
    public static string ProfileEntry(int version) => ProfilePrefix + version.ToString(CultureInfo.InvariantCulture) + ".json";

    /// <summary>The entry name of a blob.</summary>
    public static string BlobEntry(string digest) => BlobPrefix + digest;

    /// <summary>
    /// Whether an entry name is a plain relative path: no absolute path, drive, backslash, empty or <c>.</c>/<c>..</c>
    /// segment, or control character. Import refuses any other name before looking at what it claims to be.
    /// </summary>
    public static bool IsSafeEntryName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.StartsWith('/') || name.Contains('\\', StringComparison.Ordinal)
            || name.Contains(':', StringComparison.Ordinal) || name.Any(char.IsControl))
        {
            return false;
        }

        return name.Split('/').All(segment => segment is not ("" or "." or ".."));
    }
}
