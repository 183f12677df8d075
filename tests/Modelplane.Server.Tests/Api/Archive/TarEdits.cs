using System.Formats.Tar;
using System.IO.Compression;

namespace Modelplane.Server.Tests.Api.Archive;

/// <summary>Reads an exported archive into (name, bytes) pairs and writes edited ones back, to build tampered archives.</summary>
internal static class TarEdits
{
    public static List<(string Name, byte[] Data)> Read(byte[] tar)
    {
        var entries = new List<(string, byte[])>();
        using var reader = new TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry() is { } entry)
        {
            using var data = new MemoryStream();
            entry.DataStream?.CopyTo(data);
            entries.Add((entry.Name, data.ToArray()));
        }

        return entries;
    }

    public static byte[] Write(IEnumerable<(string Name, byte[] Data)> entries)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, data) in entries)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Replaces the data of the first entry whose name starts with <paramref name="prefix"/>.</summary>
    public static byte[] Edit(byte[] tar, string prefix, Func<byte[], byte[]> change)
    {
        var entries = Read(tar);
        var index = entries.FindIndex(e => e.Name.StartsWith(prefix, StringComparison.Ordinal));
        entries[index] = (entries[index].Name, change(entries[index].Data));
        return Write(entries);
    }

    public static byte[] Gunzip(byte[] gzip)
    {
        using var output = new MemoryStream();
        using (var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress))
        {
            input.CopyTo(output);
        }

        return output.ToArray();
    }
}
