using System.Text;
using System.Text.Json;

namespace Modelplane.Serving.Logging;

/// <summary>The columns of a list of records in first-seen order, matched against property names without allocating.</summary>
internal sealed class RecordColumns
{
    private readonly List<byte[]> _names = [];
    private int _next;

    public int Count => _names.Count;

    /// <summary>The unescaped UTF-8 name of column <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Name(int index) => _names[index];

    /// <summary>The column named by the property name the reader is on, or -1.</summary>
    public int IndexOf(ref Utf8JsonReader reader)
    {
        // Records nearly always repeat one key order, so the column after the last match is tried first.
        for (var i = 0; i < _names.Count; i++)
        {
            var column = (_next + i) % _names.Count;
            if (reader.ValueTextEquals(_names[column]))
            {
                _next = column + 1;
                return column;
            }
        }
        return -1;
    }

    /// <summary>Adds the property name the reader is on as the last column.</summary>
    public void Add(ref Utf8JsonReader reader)
    {
        _names.Add(reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan.ToArray());
        _next = 0;
    }
}
