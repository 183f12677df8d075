using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Modelplane.Registry.FileSystem;

namespace Modelplane.Registry.Artifacts;

/// <summary>
/// Content-addressed blobs in a local directory: <c>blobs/sha256/ab/abcdef…</c>, written to <c>tmp/*.partial</c>,
/// fsynced, renamed into place, then the directory fsynced. Every path is built from a validated digest or a
/// random name, never from user input.
/// </summary>
internal sealed partial class FileSystemArtifactStore : IArtifactStore
{
    private const string PartialSuffix = ".partial";

    private readonly IFileSystem _fs;
    private readonly TimeProvider _time;
    private readonly string _root;
    private readonly string _blobs;
    private readonly string _tmp;
    private readonly Lock _layoutGate = new();
    private volatile bool _layoutReady;

    public FileSystemArtifactStore(IFileSystem fs, IOptions<RegistryOptions> options, TimeProvider time)
        : this(fs, options.Value.DataDirectory, time)
    {
    }

    internal FileSystemArtifactStore(IFileSystem fs, string dataDirectory)
        : this(fs, dataDirectory, TimeProvider.System)
    {
    }

    internal FileSystemArtifactStore(IFileSystem fs, string dataDirectory, TimeProvider time)
    {
        _fs = fs;
        _time = time;
        _root = Path.GetFullPath(dataDirectory);
        _blobs = Path.Combine(_root, "blobs", "sha256");
        _tmp = Path.Combine(_root, "tmp");
    }

    public async Task<StagedArtifact> StageAsync(Stream content, long maxBytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        EnsureLayout();

        var tempPath = Path.Combine(_tmp, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + PartialSuffix);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var total = await _fs.WriteSyncedAsync(tempPath, content, maxBytes, hash, ct).ConfigureAwait(false);
        return new FileSystemStagedArtifact(this, tempPath, Convert.ToHexStringLower(hash.GetHashAndReset()), total);
    }

    public async Task<byte[]> ReadVerifiedAsync(string digest, CancellationToken ct)
    {
        var path = BlobPath(digest);
        byte[] bytes;
        try
        {
            await using var input = _fs.OpenRead(path);
            bytes = await ReadAllAsync(input, ct);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ArtifactNotFoundException(digest);
        }

        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return actual == digest ? bytes : throw new ArtifactIntegrityException(digest, actual);
    }

    /// <summary>Deletes uploads left in <c>tmp/</c> by a crash or kill; call at startup, before accepting uploads.</summary>
    /// <returns>How many stale files were deleted.</returns>
    public int CleanupStaleUploads()
    {
        var count = 0;
        foreach (var file in _fs.EnumerateFiles(_tmp).ToList())
        {
            _fs.Delete(file);
            count++;
        }

        return count;
    }

    internal IFileSystem FileSystem => _fs;

    internal void DiscardStaged(string tempPath) => TryDelete(tempPath);

    /// <summary>Returns the path a blob is stored at; the digest is validated first.</summary>
    internal string BlobPath(string digest)
    {
        ArtifactDigests.ThrowIfInvalid(digest);
        return Path.Combine(_blobs, digest[..2], digest);
    }

    private static async Task<byte[]> ReadAllAsync(Stream input, CancellationToken ct)
    {
        if (input.CanSeek)
        {
            var bytes = new byte[input.Length];
            await input.ReadExactlyAsync(bytes, ct);
            return bytes;
        }

        using var copy = new MemoryStream();
        await input.CopyToAsync(copy, ct);
        return copy.ToArray();
    }

    private void TryDelete(string path) => _fs.TryDelete(path);
}
