using Parquet;
using Parquet.Schema;

namespace Modelplane.Serving.Monitoring.Profiles;

public static partial class ProfileTableReader
{
    private static async Task<ProfileTable> ReadParquetAsync(Stream data, int maxRows, CancellationToken ct)
    {
        // Parquet's footer is at the end, so the reader seeks: the upload is spooled to a temp file first.
        var path = Path.Combine(Path.GetTempPath(), $"modelplane-profile-{Guid.NewGuid():N}.parquet");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await using (file.ConfigureAwait(false))
        {
            await data.CopyToAsync(file, ct).ConfigureAwait(false);
            if (file.Length == 0)
            {
                throw new ProfileDataException("The data is empty: a Parquet file needs at least one column and one row.");
            }

            file.Position = 0;
            ParquetReader reader;
            try
            {
                reader = await ParquetReader.CreateAsync(file, cancellationToken: ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or NotSupportedException or ArgumentException or InvalidOperationException)
            {
                throw new ProfileDataException($"The data is not a readable Parquet file: {ex.Message}", ex);
            }

            await using (reader.ConfigureAwait(false))
            {
                return await ReadColumnsAsync(reader, maxRows, ct).ConfigureAwait(false);
            }
        }
    }

    private static async Task<ProfileTable> ReadColumnsAsync(ParquetReader reader, int maxRows, CancellationToken ct)
    {
        var fields = reader.Schema.Fields.ToList();
        var nested = fields.FirstOrDefault(f => f is not DataField { IsArray: false });
        if (nested is not null)
        {
            throw new ProfileDataException($"Parquet column '{nested.Name}' is nested or a list; only flat columns of numbers, booleans or text can be profiled.");
        }

        var columns = fields.Cast<DataField>().ToList();
        var builder = new ProfileTableBuilder([.. columns.Select(c => c.Name)], maxRows);
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var count = checked((int)group.RowCount);
            var values = new Cell[columns.Count][];
            for (var c = 0; c < columns.Count; c++)
            {
                values[c] = await ParquetCells.ReadAsync(group, columns[c], count, ct).ConfigureAwait(false);
            }

            for (var r = 0; r < count; r++)
            {
                var row = builder.NextRow();
                if (row < 0)
                {
                    continue;
                }

                for (var c = 0; c < columns.Count; c++)
                {
                    var cell = values[c][r];
                    if (cell.Text is null)
                    {
                        builder.SetNumber(row, c, cell.Number);
                    }
                    else
                    {
                        builder.SetText(row, c, cell.Text);
                    }
                }
            }
        }

        return builder.Build("", Parquet);
    }

    /// <summary>One Parquet value: a number (NaN when null), or text for a string column.</summary>
    internal readonly record struct Cell(double Number, string? Text);
}
