using System.Text;

namespace Modelplane.Testing.Text;

/// <summary>An RFC 4180 reader for the tests: quoted fields may hold commas, doubled quotes and line breaks; rows end in CRLF.</summary>
public static class Csv
{
    public static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        // Every row, the last included, ends in CRLF: anything left over is a row the writer did not finish.
        return row.Count == 0 && field.Length == 0
            ? rows
            : throw new FormatException($"The CSV ends inside a row: {row.Count} fields and '{field}' after the last CRLF.");
    }
}
