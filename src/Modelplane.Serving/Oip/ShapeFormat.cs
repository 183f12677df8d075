using System.Globalization;
using System.Text;

namespace Modelplane.Serving.Oip;

/// <summary>Formats shapes for error messages as <c>[-1,30]</c>.</summary>
internal static class ShapeFormat
{
    public static string Format(ReadOnlySpan<long> shape, bool truncated = false)
    {
        var text = new StringBuilder("[");
        for (var i = 0; i < shape.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }
            text.Append(shape[i].ToString(CultureInfo.InvariantCulture));
        }
        return text.Append(truncated ? ",...]" : "]").ToString();
    }
}
