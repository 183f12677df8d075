using System.Buffers;
using System.Security.Cryptography;
using Modelplane.Registry.Artifacts;

namespace Modelplane.Registry.FileSystem;

/// <summary>The two steps every durable write shares: an fsynced new file, and directories whose entries survive a crash.</summary>
internal static class DurableWrites
{
    private const int BufferSize = 128 * 1024;

    /// <summary>
    /// Streams <paramref name="content"/> into a new file at <paramref name="path"/> and fsyncs it. On any failure
    /// (including <see cref="ArtifactTooLargeException"/> past <paramref name="maxBytes"/>) the file is deleted.
    /// </summary>
    /// <returns>The number of bytes written.</returns>
    public static async Task<long> WriteSyncedAsync(
        this IFileSystem fs, string path, Stream content, long maxBytes, IncrementalHash? hash, CancellationToken ct)
    {
        var output = fs.CreateNew(path);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long total = 0;
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(), ct).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    throw new ArtifactTooLargeException(maxBytes);
                }

                hash?.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
            }

            await output.FlushAsync(ct).ConfigureAwait(false);
            fs.Sync(output);
            await output.DisposeAsync().ConfigureAwait(false);
            return total;
        }
        catch
        {
            await output.DisposeAsync().ConfigureAwait(false);
            fs.TryDelete(path);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Creates missing directories top-down, fsyncing each new directory's parent so the entry survives a crash.</summary>
    public static void CreateDirectoryDurably(this IFileSystem fs, string path)
    {
        if (fs.DirectoryExists(path))
        {
            return;
        }

        var parent = Path.GetDirectoryName(path);
        if (parent is not null)
        {
            fs.CreateDirectoryDurably(parent);
        }

        fs.CreateDirectory(path);
        if (parent is not null)
        {
            fs.SyncDirectory(parent);
        }
    }

    /// <summary>Deletes a file that nothing refers to; a failure is left for the startup cleanup of <c>tmp/</c>.</summary>
    public static void TryDelete(this IFileSystem fs, string path)
    {
        try
        {
            fs.Delete(path);
        }
        catch (IOException)
        {
            // The file is unreferenced; FileSystemArtifactStore.CleanupStaleUploads removes it at the next start.
        }
    }
}
