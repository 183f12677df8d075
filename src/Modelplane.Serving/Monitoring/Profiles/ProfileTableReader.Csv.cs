using System.Globalization;
using System.Text;

namespace Modelplane.Serving.Monitoring.Profiles;

public static partial class ProfileTableReader
{
    private static async Task<ProfileTable> ReadCsvAsync(Stream data, int maxRows, CancellationToken ct)
    {
        using var reader = new StreamReader(data, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        var records = new CsvRecords(reader);
        if (await records.NextAsync(ct).ConfigureAwait(false) is not { } header)
        {
            throw new ProfileDataException("The data is empty: a CSV needs a header row naming the columns, then one row per example.");
        }

        var builder = new ProfileTableBuilder(header, maxRows);
        while (await records.NextAsync(ct).ConfigureAwait(false) is { } fields)
        {
            if (fields.Count != header.Count)
            {
                throw new ProfileDataException(string.Create(
                    CultureInfo.InvariantCulture, $"CSV line {records.Line} has {fields.Count} fields; the header has {header.Count}."));
            }

            var row = builder.NextRow();
            if (row < 0)
            {
                continue;
            }

            for (var c = 0; c < fields.Count; c++)
            {
                builder.SetText(row, c, fields[c]);
            }
        }

        return builder.Build("", Csv);
    }

    /// <summary>RFC 4180 records, line by line: comma-separated, fields optionally in double quotes ("" for a quote, line breaks allowed).</summary>
    private sealed class CsvRecords(TextReader reader)
    {
        private readonly StringBuilder _field = new();

        /// <summary>The line the last record ended on (1-based).</summary>
        public int Line { get; private set; }

        /// <summary>The next non-blank record, or null at the end.</summary>
        public async ValueTask<List<string>?> NextAsync(CancellationToken ct)
        {
            string? line;
            do
            {
                line = await reader.ReadLineAsync(ct).ConfigureAwait(false);
                Line++;
            }
            while (line is { Length: 0 });

            if (line is null)
            {
                return null;
            }

            var fields = new List<string>();
            _field.Clear();
            var quoted = false;
            while (true)
            {
                for (var i = 0; i < line.Length; i++)
                {
                    var c = line[i];
                    if (quoted)
                    {
                        if (c != '"')
                        {
                            _field.Append(c);
                        }
                        else if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            _field.Append('"');
                            i++;
                        }
                        else
                        {
                            quoted = false;
                        }
                    }
                    else if (c == '"')
                    {
                        quoted = true;
                    }
                    else if (c == ',')
                    {
                        fields.Add(_field.ToString());
                        _field.Clear();
                    }
                    else
                    {
                        _field.Append(c);
                    }
                }

                if (!quoted)
                {
                    fields.Add(_field.ToString());
                    return fields;
                }

                // A quoted field runs on over the line break.
                line = await reader.ReadLineAsync(ct).ConfigureAwait(false)
                    ?? throw new ProfileDataException(string.Create(CultureInfo.InvariantCulture, $"CSV line {Line} opens a quote that is never closed."));
                Line++;
                _field.Append('\n');
            }
        }
    }
}
