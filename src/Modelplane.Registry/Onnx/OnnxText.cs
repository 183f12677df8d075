namespace Modelplane.Registry.Onnx;

/// <summary>Formats names taken from an uploaded model for error messages.</summary>
internal static class OnnxText
{
    // Names come from the uploader and are echoed in an HTTP 400; keep them short and printable.
    private const int MaxLength = 120;

    public static string Quote(string? value, string whenEmpty = "")
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.IsNullOrEmpty(whenEmpty) ? "''" : whenEmpty;
        }

        var printable = new string(value.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return printable.Length <= MaxLength
            ? $"'{printable}'"
            : $"'{printable[..MaxLength]}…'";
    }
}
