using System.IO.Compression;
using Modelplane.Registry.Onnx;

namespace Modelplane.Registry.Formats.MlNet;

/// <summary>
/// Checks an ML.NET model zip before ML.NET opens it: bounded entry count and uncompressed size, no path tricks,
/// and ML.NET's layout. Everything is read in memory and discarded; nothing is extracted to disk.
/// </summary>
internal static class MlNetZipCheck
{
    public const int MaxEntries = 10_000;
    public const long MaxUncompressedBytes = 1L << 30;

    // mlContext.Model.Save writes the transformer under TransformerChain/ (or Model/ when a loader is saved too),
    // each directory with a Model.key naming the loader class.
    private static readonly string[] RootKeys = ["TransformerChain/Model.key", "Model/Model.key"];

    public static void Check(Stream zip, int maxEntries = MaxEntries, long maxUncompressedBytes = MaxUncompressedBytes)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            throw Refuse($"the zip is corrupt ({ex.Message})");
        }

        using (archive)
        {
            if (archive.Entries.Count > maxEntries)
            {
                throw Refuse($"the zip has {archive.Entries.Count} entries, more than the limit of {maxEntries}");
            }

            long total = 0;
            foreach (var entry in archive.Entries)
            {
                CheckName(entry.FullName);
                total += entry.Length;
                if (total > maxUncompressedBytes)
                {
                    throw Refuse($"its entries expand to more than {maxUncompressedBytes} bytes");
                }
            }

            if (!archive.Entries.Any(e => RootKeys.Contains(e.FullName, StringComparer.Ordinal)))
            {
                throw Refuse("the zip does not have ML.NET's layout (no TransformerChain/Model.key)");
            }

            // Declared sizes can lie: decompress every entry through a counter and compare.
            var buffer = new byte[81920];
            foreach (var entry in archive.Entries)
            {
                CountBytes(entry, buffer);
            }
        }
    }

    private static void CheckName(string name)
    {
        var normalized = name.Replace('\\', '/');
        if (normalized.StartsWith('/') || Path.IsPathRooted(name) || (normalized.Length > 1 && normalized[1] == ':')
            || normalized.Split('/').Any(segment => segment == ".."))
        {
            throw Refuse($"the zip entry '{name}' has an absolute path or a '..' segment");
        }
    }

    private static void CountBytes(ZipArchiveEntry entry, byte[] buffer)
    {
        long read = 0;
        try
        {
            using var content = entry.Open();
            int n;
            while ((n = content.Read(buffer)) > 0)
            {
                read += n;
                if (read > entry.Length)
                {
                    throw Refuse($"the zip entry '{entry.FullName}' expands beyond its declared size");
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw Refuse($"the zip entry '{entry.FullName}' is corrupt ({ex.Message})");
        }
    }

    public static InvalidModelException Refuse(string reason) => new($"The artifact is not an ML.NET model: {reason}.");
}
