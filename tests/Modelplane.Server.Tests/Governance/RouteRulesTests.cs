using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Modelplane.Governance.Access;

namespace Modelplane.Server.Tests.Governance;

/// <summary>Every route the running application serves declares exactly one access rule.</summary>
public sealed class RouteRulesTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    [Fact]
    public void EveryRegisteredRoute_DeclaresExactlyOneAccessRule()
    {
        _ = app.Server; // starts the host, so every route is registered
        var endpoints = app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).ToList();

        var wrong = endpoints
            .Select(e => (Name: e.DisplayName ?? "?", Rules: e.Metadata.GetOrderedMetadata<AccessRule>().Count))
            .Where(e => e.Rules != 1)
            .Select(e => $"{e.Name}: {e.Rules} rules")
            .ToList();

        Assert.True(endpoints.Count > 100, $"only {endpoints.Count} routes found");
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    [Fact]
    public void PublicRoutes_AreOnlyHealthAndUnknownPathAnswers()
    {
        _ = app.Server;
        var publicRoutes = app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<AccessRule>()?.Anonymous == true)
            .Select(e => e.RoutePattern.RawText)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(
            ["/ajax-api/2.0/mlflow-artifacts/{**rest}", "/ajax-api/2.0/mlflow/{**path}", "/api/2.0/mlflow-artifacts/{**rest}", "/api/2.0/mlflow/{**path}", "/v2/health/live", "/v2/health/ready", "{*path:nonfile}"],
            publicRoutes);
    }
}
