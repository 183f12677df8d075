using Microsoft.Extensions.Time.Testing;
using Modelplane.Governance.Policies;
using Modelplane.Governance.Storage;
using Modelplane.Testing.FileSystem;

namespace Modelplane.Governance.Tests.Policies;

public sealed class PolicyStoreTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private PolicyStore _store = null!;

    public async ValueTask InitializeAsync()
    {
        var database = new ControlDatabase(_data.Path);
        await database.MigrateAsync(TestContext.Current.CancellationToken);
        _store = new PolicyStore(database, _time);
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task SetAsync_ThenGet_ReturnsTextWhoAndWhen()
    {
        await _store.SetAsync("team-a", "rules: [{formats: [onnx]}]", "ana", TestContext.Current.CancellationToken);

        var stored = await _store.GetAsync("team-a", TestContext.Current.CancellationToken);

        Assert.Equal(("rules: [{formats: [onnx]}]", "ana", _time.GetUtcNow(), 1), (stored!.Text, stored.UpdatedBy, stored.UpdatedAt, stored.Document.Rules.Count));
    }

    [Fact]
    public async Task SetAsync_Invalid_KeepsThePreviousPolicy()
    {
        await _store.SetAsync("team-a", "rules: [{formats: [onnx]}]", "ana", TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<PolicyDocumentException>(() => _store.SetAsync("team-a", "rules: []", "bo", TestContext.Current.CancellationToken));

        Assert.Equal("ana", (await _store.GetAsync("team-a", TestContext.Current.CancellationToken))!.UpdatedBy);
    }

    [Fact]
    public async Task GetAsync_OtherWorkspace_SeesNoPolicy()
    {
        await _store.SetAsync("team-a", "rules: [{formats: [onnx]}]", "ana", TestContext.Current.CancellationToken);

        Assert.Null(await _store.GetAsync("team-b", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task DeleteAsync_Existing_RemovesItOnce()
    {
        await _store.SetAsync("team-a", "rules: [{formats: [onnx]}]", "ana", TestContext.Current.CancellationToken);

        Assert.Equal((true, false), (await _store.DeleteAsync("team-a", TestContext.Current.CancellationToken), await _store.DeleteAsync("team-a", TestContext.Current.CancellationToken)));
    }
}
