using Modelplane.Serving.Routing;

namespace Modelplane.Serving.Tests.Routing;

public sealed class ServingTableTests
{
    [Fact]
    public async Task ResolveAsync_ModelName_LoadsLatestVersionAndCachesRouteInSnapshot()
    {
        await using var f = await RoutingFixture.CreateAsync();
        await f.PushAsync("m", bias: 0);
        await f.PushAsync("m", bias: 10);

        Assert.Null(f.Table.TryGet("m"));
        var route = await f.Table.ResolveAsync("m", CancellationToken.None);

        Assert.Equal(2, route!.Runner.Version.Version);
        Assert.Equal(16f, RoutingFixture.Predict(route));
        Assert.Same(route, f.Table.TryGet("m"));
    }

    [Fact]
    public async Task ResolveAsync_UnknownName_ReturnsNullAndAddsNothing()
    {
        await using var f = await RoutingFixture.CreateAsync();

        Assert.Null(await f.Table.ResolveAsync("absent", CancellationToken.None));
        Assert.Null(f.Table.TryGet("absent"));
    }

    [Fact]
    public async Task OnVersionPushed_ModelRoute_NextResolveServesNewVersion()
    {
        await using var f = await RoutingFixture.CreateAsync();
        await f.PushAsync("m", bias: 0);
        await f.Table.ResolveAsync("m", CancellationToken.None);

        await f.PushAsync("m", bias: 100);
        f.Table.OnVersionPushed("m");

        Assert.Null(f.Table.TryGet("m"));
        var route = await f.Table.ResolveAsync("m", CancellationToken.None);
        Assert.Equal(106f, RoutingFixture.Predict(route!));
    }

    [Fact]
    public async Task ActivateAsync_EndpointSharingModelName_EndpointWinsAndPushDoesNotMoveIt()
    {
        await using var f = await RoutingFixture.CreateAsync();
        await f.PushAsync("m", bias: 0);
        await f.PushAsync("m", bias: 10);
        var endpoint = await f.Endpoints.CreateAsync("m", "m", 1, CancellationToken.None);
        await f.Table.ActivateAsync(endpoint, CancellationToken.None);

        await f.PushAsync("m", bias: 20);
        f.Table.OnVersionPushed("m");

        var route = f.Table.TryGet("m");
        Assert.Equal("m", route!.Endpoint);
        Assert.Equal(6f, RoutingFixture.Predict(route));
    }

    [Fact]
    public async Task ActivateAsync_TargetBlobCorrupted_ThrowsAndEndpointKeepsServingPreviousVersion()
    {
        await using var f = await RoutingFixture.CreateAsync();
        await f.PushAsync("m", bias: 0);
        var v2 = await f.PushAsync("m", bias: 10);
        var endpoint = await f.Endpoints.CreateAsync("e", "m", 1, CancellationToken.None);
        var before = await f.Table.ActivateAsync(endpoint, CancellationToken.None);
        var blob = Path.Combine(f.DataDirectory, "blobs", "sha256", v2.Digest[..2], v2.Digest);
        var bytes = await File.ReadAllBytesAsync(blob, TestContext.Current.CancellationToken);
        bytes[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(blob, bytes, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<ModelLoadException>(
            () => f.Table.ActivateAsync(endpoint with { Version = 2 }, CancellationToken.None));

        Assert.Contains($"cannot be loaded: artifact digest mismatch (expected sha256:{v2.Digest}", error.Message, StringComparison.Ordinal);
        Assert.Same(before, f.Table.TryGet("e"));
        Assert.Equal(6f, RoutingFixture.Predict(f.Table.TryGet("e")!));
    }

    [Fact]
    public async Task ResolveAsync_ExplicitVersionOfEndpoint_ServesThatVersionOfItsModel()
    {
        await using var f = await RoutingFixture.CreateAsync();
        await f.PushAsync("m", bias: 0);
        await f.PushAsync("m", bias: 10);
        await f.Table.ActivateAsync(await f.Endpoints.CreateAsync("e", "m", 2, CancellationToken.None), CancellationToken.None);

        var route = await f.Table.ResolveAsync("e", 1, CancellationToken.None);

        Assert.Equal(6f, RoutingFixture.Predict(route!));
        Assert.Same(route, f.Table.TryGet("e", 1));
        Assert.Null(await f.Table.ResolveAsync("e", 9, CancellationToken.None));
    }

    [Fact]
    public async Task ResolveAsync_UnknownNameRegisteredWithoutNotice_MissRememberedForASecond()
    {
        await using var f = await RoutingFixture.CreateAsync();
        Assert.Null(await f.Table.ResolveAsync("late", CancellationToken.None));

        // As if another replica pushed it: this table hears nothing.
        await f.PushAsync("late", bias: 0);

        Assert.Null(await f.Table.ResolveAsync("late", CancellationToken.None));
        f.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(6f, RoutingFixture.Predict((await f.Table.ResolveAsync("late", CancellationToken.None))!));
    }

    [Fact]
    public async Task ResolveAsync_UnknownNameThenPushNotified_ServedAtOnce()
    {
        await using var f = await RoutingFixture.CreateAsync();
        Assert.Null(await f.Table.ResolveAsync("soon", CancellationToken.None));

        await f.PushAsync("soon", bias: 1);
        f.Table.OnVersionPushed("soon");

        Assert.Equal(7f, RoutingFixture.Predict((await f.Table.ResolveAsync("soon", CancellationToken.None))!));
    }
}
