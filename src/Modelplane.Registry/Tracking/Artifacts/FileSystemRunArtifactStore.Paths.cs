using Modelplane.Registry.FileSystem;
using Modelplane.Registry.Models;

namespace Modelplane.Registry.Tracking.Artifacts;

// Turning a user-supplied path into a file-system path, and publishing a synced temp file at one.
internal sealed partial class FileSystemRunArtifactStore
{
    private string Resolve(string? path, bool allowRoot)
    {
        var segments = RunArtifactPaths.Validate(path, allowRoot);
        var full = Path.GetFullPath(Path.Combine([_root, .. segments]));

        // Defence in depth: validation already rules out every segment that could climb, so this never fires
        // unless validation and Path disagree about what a separator is.
        if (full != _root && !full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new RegistryValidationException($"Invalid artifact path '{path}': it leaves the artifact root.");
        }

        return full;
    }

    private void Publish(string tempPath, string target, string path)
    {
        var parent = Path.GetDirectoryName(target)!;
        lock (_gate)
        {
            ThrowIfFileInTheWay(parent, path);
            if (_fs.DirectoryExists(target))
            {
                throw new RegistryValidationException($"Invalid artifact path '{path}': it is a directory.");
            }

            _fs.CreateDirectoryDurably(parent);

            // Renaming over an existing file is atomic: readers see the old bytes or the new, never a mix. If the
            // directory fsync fails the call fails (the write is not acknowledged); the renamed file holds complete,
            // synced bytes, so leaving it is safe, and a retry renames again and fsyncs the new entry.
            _fs.Rename(tempPath, target);
            _fs.SyncDirectory(parent);
        }
    }

    // "a/b" cannot be written when "a" is a file; say so instead of failing with an I/O error deep inside mkdir.
    private void ThrowIfFileInTheWay(string directory, string path)
    {
        for (var dir = directory; dir.Length > _root.Length; dir = Path.GetDirectoryName(dir)!)
        {
            if (_fs.FileExists(dir))
            {
                throw new RegistryValidationException(
                    $"Invalid artifact path '{path}': '{Path.GetRelativePath(_root, dir)}' is a file, not a directory.");
            }
        }
    }
}
