using System.Security.Cryptography;

namespace Modelplane.Serving.Monitoring.Profiles;

/// <summary>
/// Reads profiling data: CSV with a header row (numbers in invariant culture) or Parquet. Empty cells, NaN, ±Infinity
/// and text in a number column are missing values, never errors. Above <see cref="MaxRows"/> rows a deterministic
/// sample is kept: reservoir sampling with a fixed seed over the rows in file order, so the same file always gives the
/// same profile. The digest covers every byte received, sampled or not.
/// </summary>
public static partial class ProfileTableReader
{
    /// <summary>Most rows a profile is computed from; larger files are sampled down to this many.</summary>
    public const int MaxRows = 100_000;

    /// <summary>The CSV format name.</summary>
    public const string Csv = "csv";

    /// <summary>The Parquet format name.</summary>
    public const string Parquet = "parquet";

    /// <summary>Reads <paramref name="data"/> to its end in <paramref name="format"/> (<c>csv</c> or <c>parquet</c>).</summary>
    /// <param name="data">The file's bytes; read once, from the current position, never seeked.</param>
    /// <param name="format"><see cref="Csv"/> or <see cref="Parquet"/>.</param>
    /// <param name="ct">Cancels the read.</param>
    /// <param name="maxRows">The sample size; <see cref="MaxRows"/> unless a test asks for less.</param>
    /// <exception cref="ProfileDataException">The format is unknown, the file is empty or has no rows, or it is malformed.</exception>
    public static async Task<ProfileTable> ReadAsync(Stream data, string format, CancellationToken ct, int maxRows = MaxRows)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var table = format switch
        {
            Csv => await ReadCsvAsync(new HashingStream(data, hash), maxRows, ct).ConfigureAwait(false),
            Parquet => await ReadParquetAsync(new HashingStream(data, hash), maxRows, ct).ConfigureAwait(false),
            _ => throw new ProfileDataException($"format '{format}' is not supported: use csv or parquet."),
        };
        if (table.Rows == 0)
        {
            throw new ProfileDataException("The data has a header but no rows.");
        }

        return new ProfileTable(table.Columns, table.Rows, table.SourceRows, $"sha256:{Convert.ToHexStringLower(hash.GetHashAndReset())}", format);
    }

    /// <summary>
    /// The format from an explicit name (<c>csv</c>, <c>parquet</c>) or else from a content type (<c>text/csv</c>,
    /// <c>application/vnd.apache.parquet</c>); null when neither says.
    /// </summary>
    public static string? FormatOf(string? name, string? contentType)
    {
        if (!string.IsNullOrEmpty(name))
        {
            return name.ToLowerInvariant();
        }

        var media = contentType?.Split(';')[0].Trim();
        return media switch
        {
            _ when string.Equals(media, "text/csv", StringComparison.OrdinalIgnoreCase) => Csv,
            _ when string.Equals(media, "application/vnd.apache.parquet", StringComparison.OrdinalIgnoreCase)
                || string.Equals(media, "application/x-parquet", StringComparison.OrdinalIgnoreCase) => Parquet,
            _ => null,
        };
    }

    /// <summary>Reads the rest of the stream, feeding every byte to the hash.</summary>
    private sealed class HashingStream(Stream inner, IncrementalHash hash) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            hash.AppendData(buffer[..read]);
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            hash.AppendData(buffer.Span[..read]);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
