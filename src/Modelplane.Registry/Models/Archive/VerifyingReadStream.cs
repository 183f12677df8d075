using System.Security.Cryptography;
using Modelplane.Registry.Artifacts;

namespace Modelplane.Registry.Models.Archive;

/// <summary>
/// Passes a blob through to the tar writer while hashing it, so an export never ships bytes that no longer match
/// their digest. It reports the inner stream's length (the tar header needs it up front) but cannot be repositioned.
/// </summary>
internal sealed class VerifyingReadStream(Stream inner, string digest) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public override bool CanRead => true;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => throw new NotSupportedException();
    }

    /// <summary>Throws unless every byte was read and they hash to the digest.</summary>
    /// <exception cref="ArtifactIntegrityException">The stored bytes do not match the digest.</exception>
    public void EnsureVerified()
    {
        var actual = Convert.ToHexStringLower(_hash.GetHashAndReset());
        if (inner.CanSeek && inner.Position != inner.Length)
        {
            throw new InvalidOperationException($"Blob sha256:{digest} was not read to its end.");
        }

        if (actual != digest)
        {
            throw new ArtifactIntegrityException(digest, actual);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        _hash.AppendData(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _hash.AppendData(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        _hash.Dispose();
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
