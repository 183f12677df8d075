using Modelplane.Serving.Execution;
using Modelplane.Serving.Routing;

namespace Modelplane.Serving.Tests.Routing;

public sealed class ServingTableUnloadTests
{
    [Fact]
    public async Task Unload_ServingVersion_LeavesSnapshotAndRequestPathRefusesWith503()
    {
        await using var f = await RoutingFixture.CreateAsync();
        var v1 = await f.PushAsync("m", bias: 0);
        var route = await f.Table.ResolveAsync("m", CancellationToken.None);

        var unloaded = f.Table.Unload([v1]);

        Assert.Equal([(1, RuntimeState.Ready)], unloaded.Select(s => (s.Version, s.State)));
        Assert.Null(f.Table.TryGet("m"));
        var refused = await Assert.ThrowsAsync<InferenceRejectedException>(() => f.Table.ResolveAsync("m", CancellationToken.None));
        Assert.Equal(503, refused.StatusCode);
        Assert.Throws<ObjectDisposedException>(() => RoutingFixture.Predict(route!));
        Assert.Equal((RuntimeState.Unavailable, "unloaded on request"), f.Table.RuntimeStatuses().Select(s => (s.State, s.Reason)).Single());
    }

    [Fact]
    public async Task LoadAsync_AfterUnload_ServesAgainAndCountsMemory()
    {
        await using var f = await RoutingFixture.CreateAsync();
        var v1 = await f.PushAsync("m", bias: 2);
        await f.Table.LoadAsync(v1, CancellationToken.None);
        f.Table.Unload([v1]);
        Assert.Equal(0, f.Table.Memory.InUseBytes);

        await f.Table.LoadAsync(v1, CancellationToken.None);
        var route = await f.Table.ResolveAsync("m", CancellationToken.None);

        Assert.Equal(8f, RoutingFixture.Predict(route!));
        Assert.True(f.Table.Memory.InUseBytes >= v1.SizeBytes);
        Assert.Equal(RuntimeState.Ready, f.Table.RuntimeStatuses().Single().State);
    }
}
