using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Modelplane.Registry.FileSystem;
using Modelplane.Registry.Models;

namespace Modelplane.Registry.Tracking.Artifacts;

/// <summary>
/// Run artifacts as plain files under <c>&lt;data&gt;/mlflow-artifacts/&lt;path&gt;</c>. A write streams to
/// <c>tmp/*.partial</c> (cleaned at start like blob uploads), is fsynced, renamed over its target, and the target's
/// directory fsynced, so a file is either absent, the old bytes or the complete new bytes, never a prefix.
/// </summary>
internal sealed partial class FileSystemRunArtifactStore : IRunArtifactStore
{
    private const string PartialSuffix = ".partial";

    private readonly IFileSystem _fs;
    private readonly string _root;
    private readonly string _tmp;
    private readonly long _maxFileBytes;

    // Renames and deletes are serialised so a delete of a directory cannot interleave with a write into it.
    private readonly Lock _gate = new();

    public FileSystemRunArtifactStore(IFileSystem fs, IOptions<RegistryOptions> options)
        : this(fs, options.Value.DataDirectory, options.Value.MaxUploadBytes)
    {
    }

    internal FileSystemRunArtifactStore(IFileSystem fs, string dataDirectory, long maxFileBytes)
    {
        _fs = fs;
        var data = Path.GetFullPath(dataDirectory);
        _root = Path.Combine(data, "mlflow-artifacts");
        _tmp = Path.Combine(data, "tmp");
        _maxFileBytes = maxFileBytes;
    }

    public async Task<long> WriteAsync(string path, Stream content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        var target = Resolve(path, allowRoot: false);
        _fs.CreateDirectoryDurably(_tmp);
        var tempPath = Path.Combine(_tmp, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + PartialSuffix);
        var size = await _fs.WriteSyncedAsync(tempPath, content, _maxFileBytes, hash: null, ct).ConfigureAwait(false);
        try
        {
            ct.ThrowIfCancellationRequested();
            Publish(tempPath, target, path);
            return size;
        }
        catch
        {
            _fs.TryDelete(tempPath);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(string path, CancellationToken ct)
    {
        var target = Resolve(path, allowRoot: false);
        try
        {
            return Task.FromResult<Stream?>(_fs.FileExists(target) ? _fs.OpenRead(target) : null);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            // Deleted between the check and the open, or the name is a directory.
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<IReadOnlyList<RunArtifact>> ListAsync(string path, CancellationToken ct)
    {
        var directory = Resolve(path, allowRoot: true);
        var prefix = string.IsNullOrEmpty(path) ? "" : path + "/";
        var entries = new List<RunArtifact>();
        foreach (var child in _fs.EnumerateDirectories(directory))
        {
            entries.Add(new RunArtifact(prefix + Path.GetFileName(child), IsDirectory: true, SizeBytes: null));
        }

        foreach (var child in _fs.EnumerateFiles(directory))
        {
            entries.Add(new RunArtifact(prefix + Path.GetFileName(child), IsDirectory: false, SizeBytes: Length(child)));
        }

        entries.RemoveAll(e => e.SizeBytes < 0);
        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return Task.FromResult<IReadOnlyList<RunArtifact>>(entries);
    }

    public Task<bool> DeleteAsync(string path, CancellationToken ct)
    {
        var target = Resolve(path, allowRoot: false);
        var parent = Path.GetDirectoryName(target)!;
        lock (_gate)
        {
            if (_fs.FileExists(target))
            {
                _fs.Delete(target);
            }
            else if (_fs.DirectoryExists(target))
            {
                _fs.DeleteDirectory(target);
            }
            else
            {
                return Task.FromResult(false);
            }

            _fs.SyncDirectory(parent);
        }

        return Task.FromResult(true);
    }

    // A file that vanished between listing and sizing is left out (marked -1, then removed).
    private long Length(string file)
    {
        try
        {
            return _fs.GetFileLength(file);
        }
        catch (FileNotFoundException)
        {
            return -1;
        }
    }
}
