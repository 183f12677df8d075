namespace Modelplane.Testing.FileSystem;

public sealed partial class FaultyFileSystem
{
    // An append-only handle on one file node; it dies with the epoch it was opened in.
    private sealed class WriteStream(FaultyFileSystem owner, Node node, int epoch) : Stream
    {
        private bool _closed;

        public Node Node { get; } = node;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => !_closed;

        public override long Length => Node.Data.Length;

        public override long Position
        {
            get => Node.Data.Length;
            set => throw new NotSupportedException();
        }

        public void ThrowIfStale(int currentEpoch)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (currentEpoch != epoch)
            {
                throw new IOException("The file handle did not survive the crash.");
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            owner.Append(Node, epoch, buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _closed = true;
            base.Dispose(disposing);
        }
    }
}
