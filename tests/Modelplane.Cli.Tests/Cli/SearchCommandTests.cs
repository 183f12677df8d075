using System.Text.Json;
using Modelplane.Cli.Tests.Fakes;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Cli.Tests.Cli;

public sealed class SearchCommandTests
{
    private readonly CliHarness _cli = new();

    private void Seed()
    {
        _cli.Server.AddVersion("churn", [1]);
        var second = _cli.Server.AddVersion("churn", [2]);
        _cli.Server.Update(second with
        {
            Aliases = ["champion"],
            Approval = new ApprovalDto("approved", "ana", null, null),
            Metrics = new Dictionary<string, double> { ["auc"] = 0.93, ["loss"] = 0.12 },
        });
        _cli.Server.AddVersion("credit", [3]);
    }

    [Fact]
    public async Task Search_Filter_SendsItAndPrintsTableWithCount()
    {
        Seed();

        var run = await _cli.RunAsync("models", "search", "tags.team = 'risk' and metrics.auc > 0.9", "--order-by", "metrics.auc DESC");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("/api/v1/versions?filter=tags.team%20%3D%20%27risk%27%20and%20metrics.auc%20%3E%200.9&order_by=metrics.auc%20DESC", _cli.Server.Requests[0].PathAndQuery);
        Assert.Contains("champion", run.Out, StringComparison.Ordinal);
        Assert.Contains("approved", run.Out, StringComparison.Ordinal);
        Assert.Contains("auc=0.93, loss=0.12", run.Out, StringComparison.Ordinal);
        Assert.Contains("3 of 3 matching versions.", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("--page-token", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_MoreThanOnePage_PrintsNextPageHintAndFollowsToken()
    {
        Seed();

        var first = await _cli.RunAsync("models", "search", "--max", "2");
        var second = await _cli.RunAsync("models", "search", "--max", "2", "--page-token", "page-2");

        Assert.Contains("2 of 3 matching versions.", first.Out, StringComparison.Ordinal);
        Assert.Contains("Next page: add --page-token page-2", first.Out, StringComparison.Ordinal);
        Assert.Contains("1 of 3 matching versions.", second.Out, StringComparison.Ordinal);
        Assert.EndsWith("max_results=2&page_token=page-2", _cli.Server.Requests[1].PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_Json_PrintsResultDto()
    {
        Seed();

        var run = await _cli.RunAsync("models", "search", "--json");

        var result = JsonSerializer.Deserialize(run.Out, ModelplaneJsonContext.Default.VersionSearchResultDto)!;
        Assert.Equal((3, 3L, null), (result.Versions.Count, result.TotalCount, result.NextPageToken));
    }

    [Fact]
    public async Task Search_CountIsLowerBound_PrintsAtLeast()
    {
        Seed();
        _cli.Server.SearchCountCap = 2;

        var run = await _cli.RunAsync("models", "search", "--max", "1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("1 of at least 2 matching versions.", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_JsonWithCountLowerBound_CarriesTheFlag()
    {
        Seed();
        _cli.Server.SearchCountCap = 2;

        var run = await _cli.RunAsync("models", "search", "--json");

        var result = JsonSerializer.Deserialize(run.Out, ModelplaneJsonContext.Default.VersionSearchResultDto)!;
        Assert.Equal((2L, true), (result.TotalCount, result.TotalCountIsLowerBound));
    }

    [Fact]
    public async Task Search_BadFilter_ExitsWithServerMessageAndHint()
    {
        _cli.Server.SearchError = "Invalid filter 'a or b': OR is not supported at position 2.";

        var run = await _cli.RunAsync("models", "search", "a or b");

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        Assert.Contains("position 2", run.Error, StringComparison.Ordinal);
        Assert.Contains("strings in single quotes", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_NoMatches_SaysSo()
    {
        var run = await _cli.RunAsync("models", "search", "name = 'none'");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("No versions match.", run.Out, StringComparison.Ordinal);
    }
}
