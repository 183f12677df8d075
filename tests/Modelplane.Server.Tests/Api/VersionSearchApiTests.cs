using System.Net;
using System.Net.Http.Json;
using Modelplane.Client;

namespace Modelplane.Server.Tests.Api;

public sealed class VersionSearchApiTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;
    private readonly HttpClient _client = app.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SearchVersions_TagAndMetricFilter_ReturnsMatchesAndCount()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3(1), "?tag=team%3Drisk&metric=auc%3D0.93");
        await app.PushAsync(model, TestModels.Linear3(2), "?tag=team%3Drisk&metric=auc%3D0.7");
        await app.PushAsync(model, TestModels.Linear3(3), "?tag=team%3Dgrowth&metric=auc%3D0.99");

        var result = await GetAsync($"name = '{model}' and tags.team = 'risk' and metrics.auc > 0.9");

        Assert.Equal([1], result.Versions.Select(v => v.Version));
        Assert.Equal((1L, null), (result.TotalCount, result.NextPageToken));
        Assert.Equal(0.93, result.Versions[0].Metrics["auc"]);
    }

    [Fact]
    public async Task SearchVersions_CompoundFilterUnderCap_SaysCountIsExact()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3(1), "?tag=team%3Drisk&metric=auc%3D0.93");

        var json = await _client.GetStringAsync(
            $"/api/v1/versions?filter={Uri.EscapeDataString($"name = '{model}' and tags.team = 'risk'")}", Ct);

        Assert.Contains("\"totalCount\":1,", json, StringComparison.Ordinal);
        Assert.Contains("\"totalCountIsLowerBound\":false", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchVersions_PageToken_WalksAllVersionsOnce()
    {
        var model = TestModels.UniqueName();
        for (var i = 1; i <= 3; i++)
        {
            await app.PushAsync(model, TestModels.Linear3(i));
        }

        var first = await GetAsync($"name = '{model}'", "&order_by=version%20ASC&max_results=2");
        var second = await GetAsync($"name = '{model}'", $"&order_by=version%20ASC&max_results=2&page_token={first.NextPageToken}");

        Assert.Equal([1, 2, 3], first.Versions.Concat(second.Versions).Select(v => v.Version));
        Assert.Equal((3L, 3L, null), (first.TotalCount, second.TotalCount, second.NextPageToken));
    }

    [Theory]
    [InlineData("filter=" + "tags.team%20%3D%20'risk'%20or%20name%20%3D%20'x'", "position 19")]
    [InlineData("filter=" + "colour%20%3D%20'red'", "unknown attribute 'colour'")]
    [InlineData("order_by=tags.team", "ordered by created, name, version or metrics.KEY")]
    [InlineData("page_token=bm9wZQ", "Invalid page token")]
    [InlineData("max_results=0", "Invalid max_results 0")]
    public async Task SearchVersions_BadQuery_Returns400NamingProblem(string query, string message)
    {
        using var response = await _client.GetAsync($"/api/v1/versions?{query}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private async Task<Modelplane.Client.Contracts.VersionSearchResultDto> GetAsync(string filter, string rest = "") =>
        (await _client.GetFromJsonAsync($"/api/v1/versions?filter={Uri.EscapeDataString(filter)}{rest}", Json.VersionSearchResultDto, Ct))!;
}
