using System.Net;
using System.Text.RegularExpressions;

namespace Modelplane.Server.Tests.Oip;

/// <summary>The memory budget (6 MB here): one 4 MB version fits, a second is refused with a message naming the budget and the use.</summary>
public sealed partial class RepositoryBudgetTests(MemoryBudgetAppFactory app) : IClassFixture<MemoryBudgetAppFactory>
{
    private readonly RepositoryHttp _http = new(app.CreateClient());

    [Fact]
    public async Task Load_OverBudget_409NamingBudgetAndUseAndNothingLoaded()
    {
        await UnloadAllAsync();
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Wide(bias: 0));
        await app.PushAsync(model, TestModels.Wide(bias: 1));
        var first = await _http.ControlAsync($"/v2/repository/models/{model}/versions/1/load");

        var (status, body) = await _http.PostAsync($"/v2/repository/models/{model}/versions/2/load");

        Assert.Equal(HttpStatusCode.Conflict, status);
        var match = BudgetMessage().Match(body);
        Assert.True(match.Success, body);
        Assert.Equal(first[0].MemoryBytes, long.Parse(match.Groups["use"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal([("1", "READY"), ("2", "UNAVAILABLE")], (await _http.IndexAsync(model)).Select(m => (m.Version, m.State)));
    }

    [Fact]
    public async Task Infer_RequestPathLoadOverBudget_503WithRetryAfterThenServesAfterUnload()
    {
        var model = TestModels.UniqueName();
        var other = TestModels.UniqueName();
        await UnloadAllAsync();
        await app.PushAsync(model, TestModels.Wide(bias: 0));
        await app.PushAsync(other, TestModels.Wide(bias: 3));
        await _http.ControlAsync($"/v2/repository/models/{model}/versions/1/load");

        // Either 4 MB model fits alone, but not next to the other; after the unload the request loads it.
        var body = TestModels.WideRequest();
        var refused = await _http.InferAsync(other, body);
        await _http.ControlAsync($"/v2/repository/models/{model}/unload");
        var served = await _http.InferAsync(other, body);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Status);
        Assert.NotNull(refused.RetryAfter);
        Assert.Contains("the memory budget is 5.7 MiB (6000000 bytes)", refused.Body, StringComparison.Ordinal);
        Assert.Equal(3f, RepositoryHttp.Prediction(served.Body));
    }

    // The tests share one server: each starts with nothing loaded, so the budget is all its own.
    private async Task UnloadAllAsync()
    {
        foreach (var name in (await _http.ControlAsync("/v2/repository/index", """{"ready": true}""")).Select(m => m.Name).Distinct())
        {
            await _http.ControlAsync($"/v2/repository/models/{name}/unload");
        }
    }

    [GeneratedRegex(@"needs about [0-9.]+ MiB \([0-9]+ bytes\), but the memory budget is 5\.7 MiB \(6000000 bytes\) and [0-9.]+ MiB \((?<use>[0-9]+) bytes\) is in use \(1 version\(s\) of this workspace loaded\)\. Unload a version \(POST /v2/repository/models/\{name\}/unload\) or raise Modelplane:Serving:MemoryBudgetBytes\.")]
    private static partial Regex BudgetMessage();
}
