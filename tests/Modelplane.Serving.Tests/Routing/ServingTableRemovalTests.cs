using Modelplane.Registry.Models.Lifecycle;

namespace Modelplane.Serving.Tests.Routing;

public sealed class ServingTableRemovalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OnVersionsRemoved_LoadedLatest_DropsItsRoutesAndDisposesItsRunner()
    {
        await using var fixture = await RoutingFixture.CreateAsync();
        await fixture.PushAsync("churn", 1);
        await fixture.PushAsync("churn", 10);
        var byName = (await fixture.Table.ResolveAsync("churn", Ct))!;
        var byVersion = (await fixture.Table.ResolveAsync("churn", 2, Ct))!;
        await fixture.Lifecycle.DeleteVersionAsync("churn", 2, new DeleteOptions(), Ct);

        fixture.Table.OnVersionsRemoved("churn", [2]);

        Assert.Null(fixture.Table.TryGet("churn"));
        Assert.Null(fixture.Table.TryGet("churn", 2));
        Assert.Throws<ObjectDisposedException>(() => RoutingFixture.Predict(byVersion));
        Assert.Same(byName.Runner, byVersion.Runner);
        Assert.Null(await fixture.Table.ResolveAsync("churn", 2, Ct));
        Assert.Equal(7f, RoutingFixture.Predict((await fixture.Table.ResolveAsync("churn", Ct))!));
    }

    [Fact]
    public async Task OnVersionsRemoved_EndpointOnAnotherVersion_KeepsServingIt()
    {
        await using var fixture = await RoutingFixture.CreateAsync();
        await fixture.PushAsync("churn", 1);
        await fixture.PushAsync("churn", 10);
        var endpoint = await fixture.Endpoints.CreateAsync("churn-prod", "churn", 1, Ct);
        await fixture.Table.ActivateAsync(endpoint, Ct);
        await fixture.Table.ResolveAsync("churn", 2, Ct);
        await fixture.Lifecycle.DeleteVersionAsync("churn", 2, new DeleteOptions(), Ct);

        fixture.Table.OnVersionsRemoved("churn", [2]);

        Assert.Equal(7f, RoutingFixture.Predict(fixture.Table.TryGet("churn-prod")!));
    }
}
