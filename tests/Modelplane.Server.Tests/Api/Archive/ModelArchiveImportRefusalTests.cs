using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Modelplane.Server.Tests.Api.Archive;

/// <summary>Archives that are corrupt, tampered with or unsafe are refused with a 400 naming why, and nothing is registered.</summary>
public sealed class ModelArchiveImportRefusalTests(ArchiveSourceFixture source) : IClassFixture<ArchiveSourceFixture>, IDisposable
{
    private const string Model = ArchiveSourceFixture.Model;
    private readonly ArchiveTarget _target = new();

    public void Dispose() => _target.Dispose();

    [Fact]
    public async Task Import_TamperedBlob_Returns400AndRegistersNothing()
    {
        var tampered = TarEdits.Edit(source.Tar, "blobs/", bytes =>
        {
            var copy = bytes.ToArray();
            copy[^1] ^= 0xff;
            return copy;
        });

        await AssertRefusedAsync(tampered, "hashes to", "the archive is corrupt or was tampered with");
    }

    [Fact]
    public async Task Import_ManifestClaimsOtherSignature_Returns400()
    {
        var tampered = EditManifest(m => m["versions"]![0]!["signature"]!["inputs"]![0]!["shape"] = new JsonArray(-1, 3));

        await AssertRefusedAsync(tampered, "signature of version 1 differs from the one read from its blob");
    }

    [Fact]
    public async Task Import_ManifestClaimsOtherFormat_Returns400()
    {
        var tampered = EditManifest(m => m["versions"]![2]!["format"] = "onnx");

        await AssertRefusedAsync(tampered, "version 3 is format 'onnx', but its blob is 'mlnet'");
    }

    [Fact]
    public async Task Import_ManifestClaimsOtherSizeForSharedBlob_Returns400()
    {
        var tampered = EditManifest(m => m["versions"]![1]!["sizeBytes"] = 1);

        await AssertRefusedAsync(tampered, "but the manifest says 1 for version 2");
    }

    [Fact]
    public async Task Import_UnknownFormatVersion_Returns400()
    {
        var tampered = EditManifest(m => m["formatVersion"] = 99);

        await AssertRefusedAsync(tampered, "Unsupported archive format version 99");
    }

    [Fact]
    public async Task Import_TruncatedArchive_Returns400()
    {
        var truncated = source.Tar[..(source.Tar.Length / 2)];

        await AssertRefusedAsync(truncated, "The archive is truncated");
    }

    [Fact]
    public async Task Import_TruncatedGzip_Returns400()
    {
        using var gzip = new MemoryStream();
        using (var compress = new GZipStream(gzip, CompressionLevel.Fastest, leaveOpen: true))
        {
            compress.Write(source.Tar);
        }

        await AssertRefusedAsync(gzip.ToArray()[..(int)(gzip.Length * 3 / 4)], "The archive is truncated");
    }

    [Fact]
    public async Task Import_ProfileNotJson_Returns400NamingItAndRegistersNothing()
    {
        var broken = TarEdits.Edit(source.Tar, "profiles/", _ => Encoding.UTF8.GetBytes("{\"model\":"));

        await AssertRefusedAsync(broken, "The reference profile of version 2 ('profiles/2.json') is not valid");
    }

    [Fact]
    public async Task Import_MissingProfile_Returns400NamingIt()
    {
        var without = TarEdits.Write(TarEdits.Read(source.Tar).Where(e => !e.Name.StartsWith("profiles/", StringComparison.Ordinal)));

        await AssertRefusedAsync(without, "The reference profile of version 2 is missing from the archive (profiles/2.json)");
    }

    [Fact]
    public async Task Import_MissingBlob_Returns400NamingIt()
    {
        var entries = TarEdits.Read(source.Tar);
        var withoutLast = TarEdits.Write(entries.Take(entries.Count - 1));

        await AssertRefusedAsync(withoutLast, $"Blob sha256:{entries[^1].Name[^64..]} of version 3 is missing from the archive");
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("blobs/../../escape")]
    [InlineData("/etc/cron.d/x")]
    public async Task Import_UnsafeEntryName_Returns400(string name)
    {
        var entries = TarEdits.Read(source.Tar);
        entries.Insert(1, (name, Encoding.UTF8.GetBytes("x")));

        await AssertRefusedAsync(TarEdits.Write(entries), $"Archive entry '{name}' has an absolute path or a '..' segment");
    }

    [Fact]
    public async Task Import_NotAnArchive_Returns400()
    {
        await AssertRefusedAsync(Encoding.UTF8.GetBytes("{\"not\":\"a tar\"}"), "not a model archive");
    }

    private byte[] EditManifest(Action<JsonNode> change) => TarEdits.Edit(source.Tar, "manifest.json", bytes =>
    {
        var manifest = JsonNode.Parse(bytes)!;
        change(manifest);
        return Encoding.UTF8.GetBytes(manifest.ToJsonString());
    });

    private async Task AssertRefusedAsync(byte[] archive, params string[] messages)
    {
        var (status, body) = await _target.ImportAsync(archive);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.All(messages, m => Assert.Contains(m, ArchiveTarget.Error(body), StringComparison.Ordinal));
        Assert.Null(await _target.GetModelAsync(Model));
        Assert.Equal((0, 0), _target.StoredFiles());
    }
}
