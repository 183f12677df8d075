using System.Net;

namespace Modelplane.Server.Tests.Api.Archive;

/// <summary>Soft-deleted versions stay out of archives, and the archive still imports.</summary>
public sealed class ModelArchiveDeletionTests : IDisposable
{
    private readonly ModelplaneAppFactory _source = new();
    private readonly ArchiveTarget _target = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _source.Dispose();
        _target.Dispose();
    }

    [Fact]
    public async Task Export_AfterParentDeleted_LeavesItOutAndImportKeepsTheRest()
    {
        var model = TestModels.UniqueName("arch");
        await _source.PushAsync(model, TestModels.Linear3(1f));
        await _source.PushAsync(model, TestModels.Linear3(2f), "?parent=1");
        using var client = _source.CreateClient();
        using (var deleted = await client.DeleteAsync($"/api/v1/models/{model}/versions/1", Ct))
        {
            Assert.True(deleted.IsSuccessStatusCode, await deleted.Content.ReadAsStringAsync(Ct));
        }

        var archive = await client.GetByteArrayAsync($"/api/v1/models/{model}/export", Ct);
        var (status, body) = await _target.ImportAsync(archive);

        Assert.True(status == HttpStatusCode.Created, body);
        var imported = Assert.Single((await _target.GetModelAsync(model))!.Versions);
        Assert.Equal((2, 0), (imported.Version, imported.Lineage!.Parents.Count));
    }
}
