namespace Modelplane.Registry.Artifacts;

// Streaming reads of committed blobs (exports), kept apart from the buffered, verified read that model loads use.
internal sealed partial class FileSystemArtifactStore
{
    public Task<Stream> OpenReadAsync(string digest, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var path = BlobPath(digest);
        try
        {
            return Task.FromResult(_fs.OpenRead(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ArtifactNotFoundException(digest);
        }
    }
}
