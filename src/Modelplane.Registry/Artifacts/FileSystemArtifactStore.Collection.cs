namespace Modelplane.Registry.Artifacts;

// What the blob collector needs from the store: the stored digests, a delete that cannot race a commit, and the sweep
// of abandoned uploads.
internal sealed partial class FileSystemArtifactStore
{
    /// <summary>Lists the digests of every committed blob (files under <c>blobs/sha256/ab/</c> named by a valid digest).</summary>
    internal IEnumerable<string> EnumerateBlobDigests()
    {
        for (var prefix = 0; prefix < 256; prefix++)
        {
            var fanOut = Path.Combine(_blobs, prefix.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            foreach (var file in _fs.EnumerateFiles(fanOut))
            {
                var name = Path.GetFileName(file);
                if (ArtifactDigests.IsValid(name) && name.StartsWith(Path.GetFileName(fanOut), StringComparison.Ordinal))
                {
                    yield return name;
                }
            }
        }
    }

    /// <summary>
    /// Deletes the blob unless a commit stamped it after <paramref name="committedBefore"/>. The caller has checked
    /// that no version references the digest; the check here and the delete happen under the commit gate, so a
    /// concurrent push of the same bytes either stamps the blob first (and it stays) or finds it gone and writes its own.
    /// </summary>
    /// <returns>The deleted blob's size, or null when it was kept or already gone.</returns>
    internal long? TryDeleteUnreferenced(string digest, DateTimeOffset committedBefore)
    {
        var path = BlobPath(digest);
        lock (_commitGate)
        {
            try
            {
                if (_fs.GetLastWriteTime(path) > committedBefore)
                {
                    return null;
                }

                long size;
                using (var stream = _fs.OpenRead(path))
                {
                    size = stream.Length;
                }

                _fs.Delete(path);
                return size;
            }
            catch (FileNotFoundException)
            {
                return null;
            }
        }
    }

    /// <summary>Deletes <c>tmp/*.partial</c> files last written before <paramref name="writtenBefore"/>: uploads nobody will finish.</summary>
    /// <returns>How many were deleted.</returns>
    internal int SweepStaleUploads(DateTimeOffset writtenBefore)
    {
        var count = 0;
        foreach (var file in _fs.EnumerateFiles(_tmp).Where(f => f.EndsWith(PartialSuffix, StringComparison.Ordinal)).ToList())
        {
            try
            {
                // An upload in progress keeps writing, so its time stays recent; only abandoned ones age.
                if (_fs.GetLastWriteTime(file) <= writtenBefore)
                {
                    _fs.Delete(file);
                    count++;
                }
            }
            catch (FileNotFoundException)
            {
                // Committed or discarded meanwhile.
            }
        }

        return count;
    }

    /// <summary>The clock commits are stamped with.</summary>
    internal TimeProvider Time => _time;
}
