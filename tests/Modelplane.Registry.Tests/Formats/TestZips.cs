using System.IO.Compression;

namespace Modelplane.Registry.Tests.Formats;

/// <summary>The bundled ML.NET model zip and hand-made zips for the safety checks.</summary>
internal static class TestZips
{
    public static string BreastCancerPath { get; } = Path.Combine(AppContext.BaseDirectory, "samples", "mlnet", "breast-cancer.zip");

    public static byte[] BreastCancer() => File.ReadAllBytes(BreastCancerPath);

    /// <summary>A zip with the given entries, each holding <paramref name="entrySize"/> zero bytes.</summary>
    public static byte[] Build(IEnumerable<string> names, int entrySize = 1)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var content = new byte[entrySize];
            foreach (var name in names)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                entry.Write(content);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>The bundled model with one more entry added.</summary>
    public static byte[] BreastCancerWith(string extraEntry)
    {
        using var buffer = new MemoryStream();
        buffer.Write(BreastCancer());
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            using var entry = zip.CreateEntry(extraEntry).Open();
            entry.WriteByte(1);
        }

        return buffer.ToArray();
    }
}
