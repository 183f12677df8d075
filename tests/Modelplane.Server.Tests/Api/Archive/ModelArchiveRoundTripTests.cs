using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Modelplane.Client;
using Modelplane.Registry.Models.Archive;

namespace Modelplane.Server.Tests.Api.Archive;

/// <summary>Export from one server's data directory, import into a fresh one: same versions, bytes, metadata and predictions.</summary>
public sealed class ModelArchiveRoundTripTests(ArchiveSourceFixture source) : IClassFixture<ArchiveSourceFixture>, IDisposable
{
    private const string Model = ArchiveSourceFixture.Model;
    private readonly ArchiveTarget _target = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _target.Dispose();

    [Fact]
    public void Export_Model_ManifestFirstThenCardThenProfileThenEachBlobOnce()
    {
        var entries = TarEdits.Read(source.Tar);
        var digests = source.Versions.Select(v => v.Digest).Distinct().ToList();

        Assert.Equal(
            [ModelArchiveFormat.ManifestEntry, "cards/2.md", "profiles/2.json", .. digests.Select(d => $"blobs/sha256/{d}")],
            entries.Select(e => e.Name));
        Assert.All(entries.Skip(3), e => Assert.Equal(e.Name[^64..], Convert.ToHexStringLower(SHA256.HashData(e.Data))));
        Assert.Equal(2, digests.Count);
    }

    [Fact]
    public async Task Import_ExportedArchive_KeepsNumbersDigestsAndMetadata()
    {
        var (status, body) = await _target.ImportAsync(source.Tar);

        Assert.True(status == HttpStatusCode.Created, body);
        var imported = (await _target.GetModelAsync(Model))!.Versions.OrderBy(v => v.Version).ToList();
        Assert.Equal(source.Versions.Select(Comparable), imported.Select(Comparable));
        Assert.Equal(["champion"], imported[1].Aliases);
        Assert.Equal(("approved", "admin"), (imported[1].Approval!.Status, imported[1].Approval!.By));
        Assert.Equal(ArchiveSourceFixture.Card, await _target.App.CreateClient().GetStringAsync($"/api/v1/models/{Model}/versions/champion/card", Ct));
    }

    [Fact]
    public async Task Import_ExportedArchive_KeepsModelDescriptionTagsAndStages()
    {
        await _target.ImportAsync(source.Tar);

        using var client = _target.App.CreateClient();
        using var model = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync($"/api/2.0/mlflow/registered-models/get?name={Model}", Ct));
        var registered = model.RootElement.GetProperty("registered_model");
        Assert.Equal(("screening model", """[{"key":"owner","value":"oncology"}]"""), (registered.GetProperty("description").GetString(), registered.GetProperty("tags").GetRawText()));
        Assert.Equal(
            [("2", "Production"), ("3", "None")],
            registered.GetProperty("latest_versions").EnumerateArray().Select(v => (v.GetProperty("version").GetString(), v.GetProperty("current_stage").GetString())));
    }

    [Fact]
    public async Task Import_ExportedArchive_KeepsTheReferenceProfileUnderTheNameImported()
    {
        var (status, body) = await _target.ImportAsync(source.Tar, "?as=bc-profiled");

        Assert.True(status == HttpStatusCode.Created, body);
        var original = await source.Source.CreateClient().GetStringAsync($"/api/v1/models/{Model}/versions/2/profile", Ct);
        var imported = await _target.App.CreateClient().GetStringAsync("/api/v1/models/bc-profiled/versions/2/profile", Ct);
        Assert.Equal(original.Replace($"\"{Model}\"", "\"bc-profiled\"", StringComparison.Ordinal), imported);
        Assert.Contains("\"labelColumn\":\"diagnosis\"", imported, StringComparison.Ordinal);
        using var none = await _target.App.CreateClient().GetAsync("/api/v1/models/bc-profiled/versions/1/profile", Ct);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    [Fact]
    public async Task Import_ExportedArchive_EveryVersionPredictsLikeTheOriginal()
    {
        await _target.ImportAsync(source.Tar);

        foreach (var version in source.Versions)
        {
            Assert.Equal(
                await ArchiveTarget.InferAsync(source.Source, Model, version.Version),
                await ArchiveTarget.InferAsync(_target.App, Model, version.Version));
        }

        Assert.Equal(["onnx", "onnx", "mlnet"], source.Versions.Select(v => v.Format));
    }

    [Fact]
    public async Task Import_GzipExport_RoundTripsUnderNewName()
    {
        using var response = await source.Source.CreateClient().GetAsync($"/api/v1/models/{Model}/export?gzip=true", Ct);
        var gzip = await response.Content.ReadAsByteArrayAsync(Ct);

        var (status, body) = await _target.ImportAsync(gzip, "?as=bc-copy");

        Assert.Equal("application/gzip", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(source.Tar.Length, TarEdits.Gunzip(gzip).Length);
        Assert.True(status == HttpStatusCode.Created, body);
        var copy = (await _target.GetModelAsync("bc-copy"))!;
        Assert.Equal(source.Versions.Select(v => v.Digest), copy.Versions.OrderBy(v => v.Version).Select(v => v.Digest));
        Assert.Null(await _target.GetModelAsync(Model));
    }

    [Fact]
    public async Task Push_AfterImport_ContinuesAfterHighestImportedNumber()
    {
        await _target.ImportAsync(source.Tar);

        var pushed = await _target.App.PushAsync(Model, await File.ReadAllBytesAsync(ArchiveSourceFixture.Onnx, Ct), "?parent=3");

        Assert.Equal(4, pushed.Version);
        Assert.Equal([3], pushed.Lineage!.Parents);
        Assert.Equal((2, 0), _target.StoredFiles());
    }

    [Fact]
    public async Task Import_NameThatExists_Returns409AndChangesNothing()
    {
        await _target.ImportAsync(source.Tar);

        var (status, body) = await _target.ImportAsync(source.Tar);

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains($"Model '{Model}' already exists", ArchiveTarget.Error(body), StringComparison.Ordinal);
        Assert.Equal(3, (await _target.GetModelAsync(Model))!.Versions.Count);
    }

    [Fact]
    public async Task Export_UnknownModel_Returns404Json()
    {
        using var response = await source.Source.CreateClient().GetAsync("/api/v1/models/nope/export", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Model 'nope' not found.", ArchiveTarget.Error(await response.Content.ReadAsStringAsync(Ct)));
    }

    // Everything that must survive the trip; created time to the millisecond the store keeps.
    private static string Comparable(Client.Contracts.ModelVersionDto v) => string.Join('|',
        v.Version, v.Digest, v.SizeBytes, v.Format, v.Description, v.CreatedAt.ToUnixTimeMilliseconds(),
        string.Join(',', v.Tags.OrderBy(t => t.Key).Select(t => $"{t.Key}={t.Value}")),
        string.Join(',', v.Metrics.OrderBy(t => t.Key).Select(t => $"{t.Key}={t.Value}")),
        string.Join(',', v.Params.OrderBy(t => t.Key).Select(t => $"{t.Key}={t.Value}")),
        v.Lineage!.DatasetUri, v.Lineage.DatasetSha256, v.Lineage.CodeRepository, v.Lineage.CodeCommit, v.Lineage.RunId, v.Lineage.CreatedBy,
        string.Join(',', v.Lineage.Parents), string.Join(',', v.Aliases), v.HasCard,
        v.Approval!.Status, v.Approval.By, v.Approval.Comment, v.Approval.At?.ToUnixTimeMilliseconds(),
        string.Join(',', v.Signature.Inputs.Concat(v.Signature.Outputs).Select(t => $"{t.Name}:{t.Datatype}:{string.Join('x', t.Shape)}")));
}
