namespace Modelplane.Serving.Monitoring.Profiles;

/// <summary>Profiling data as read: a sample of at most <see cref="ProfileTableReader.MaxRows"/> rows, column by column.</summary>
public sealed class ProfileTable
{
    internal ProfileTable(IReadOnlyList<ProfileColumn> columns, int rows, long sourceRows, string digest, string format)
    {
        Columns = columns;
        Rows = rows;
        SourceRows = sourceRows;
        Digest = digest;
        Format = format;
    }

    /// <summary>The columns in the file's order.</summary>
    public IReadOnlyList<ProfileColumn> Columns { get; }

    /// <summary>Rows kept (the whole file, or the sample of it).</summary>
    public int Rows { get; }

    /// <summary>Data rows in the file.</summary>
    public long SourceRows { get; }

    /// <summary>sha256 of the file's bytes as received, as <c>sha256:hex</c>.</summary>
    public string Digest { get; }

    /// <summary><c>csv</c> or <c>parquet</c>.</summary>
    public string Format { get; }

    /// <summary>The column named <paramref name="name"/> (ordinal), or null.</summary>
    public ProfileColumn? Find(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));
}
