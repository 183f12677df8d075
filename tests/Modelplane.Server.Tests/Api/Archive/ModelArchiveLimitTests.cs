using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Modelplane.Server.Tests.Api.Archive;

/// <summary>Imports are bounded by <c>Modelplane:MaxUploadBytes</c> (4096 here): the body and, after decompression, every blob.</summary>
public sealed class ModelArchiveLimitTests(SmallLimitsAppFactory app) : IClassFixture<SmallLimitsAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Import_BodyOverLimit_Returns413()
    {
        var (status, error) = await ImportAsync(new byte[8192]);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("4096", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_SmallGzipWithBlobOverLimit_Returns413AndStoresNothing()
    {
        // 64 KiB of zeros gzip to a few hundred bytes: the entry's own size is what must be refused.
        var blob = new byte[64 * 1024];
        var digest = Convert.ToHexStringLower(SHA256.HashData(blob));
        var manifest = new
        {
            formatVersion = 1,
            model = "bomb",
            exporter = "test",
            createdAt = DateTimeOffset.UnixEpoch,
            versions = new[]
            {
                new
                {
                    version = 1, digest, sizeBytes = blob.Length, format = "onnx",
                    signature = new { inputs = Array.Empty<object>(), outputs = Array.Empty<object>() },
                    tags = new { }, metrics = new { }, @params = new { }, aliases = Array.Empty<string>(), hasCard = false,
                    approval = new { status = "pending" }, createdAt = DateTimeOffset.UnixEpoch,
                },
            },
        };
        var tar = TarEdits.Write([("manifest.json", JsonSerializer.SerializeToUtf8Bytes(manifest)), ($"blobs/sha256/{digest}", blob)]);
        using var gzip = new MemoryStream();
        using (var compress = new GZipStream(gzip, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            compress.Write(tar);
        }

        var (status, error) = await ImportAsync(gzip.ToArray());

        Assert.True(gzip.Length < 4096, $"{gzip.Length}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("4096", error, StringComparison.Ordinal);
        var tmp = Path.Combine(app.DataDirectory, "tmp");
        Assert.Empty(Directory.Exists(tmp) ? Directory.EnumerateFiles(tmp) : []);
    }

    private async Task<(HttpStatusCode Status, string Error)> ImportAsync(byte[] body)
    {
        using var content = new ByteArrayContent(body);
        using var response = await app.CreateClient().PostAsync("/api/v1/models/import", content, Ct);
        return (response.StatusCode, ArchiveTarget.Error(await response.Content.ReadAsStringAsync(Ct)));
    }
}
