using System.Globalization;

namespace Modelplane.Registry.Export;

/// <summary>
/// RFC 4180 cells that a spreadsheet cannot run, shared by every CSV export (the audit log, the inference log) so the
/// quoting and formula-neutralising rules live in one place and cannot drift apart.
/// </summary>
public static class CsvCells
{
    /// <summary>
    /// One cell: null as empty; a value starting with <c>= + - @</c>, tab or CR (text a caller chose) prefixed with
    /// <c>'</c> so opening the file cannot execute it; quoted, with quotes doubled, when it holds a comma, quote or line break.
    /// </summary>
    public static string Encode(string? value)
    {
        if (value is null)
        {
            return "";
        }

        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>One row: the cells encoded, joined by commas and ended with CRLF as RFC 4180 asks.</summary>
    public static string Row(IEnumerable<string?> values) => string.Join(',', values.Select(Encode)) + "\r\n";

    /// <summary>ISO-8601 in UTC with milliseconds, e.g. <c>2025-01-31T12:00:00.123Z</c>: sorts as text and every spreadsheet parses it.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
