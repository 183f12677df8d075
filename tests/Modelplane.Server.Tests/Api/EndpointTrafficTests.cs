using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Server.Tests.Api;

/// <summary>
/// An endpoint's traffic split through the real HTTP stack: shares follow the weights, a sticky key keeps reaching one
/// version, every response names the version that answered, and bad splits are refused naming the problem.
/// </summary>
public sealed class EndpointTrafficTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Split90To10_Over10000Requests_SharesWithinTwoPoints()
    {
        var model = await EndpointWithTwoVersionsAsync();
        await SetTrafficAsync(model, new SetTrafficRequest([new(model, 1, 90), new(model, 2, 10)]));
        var counts = new int[3];

        await Parallel.ForEachAsync(Enumerable.Range(0, 10_000), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (_, ct) =>
        {
            var (version, output) = await PredictAsync(model, key: null, ct);
            // Version 1 adds 0.5, version 2 adds 100.5 to [1,1,1]·[1,2,3] = 6: the header must name the version that answered.
            Assert.Equal(version == 1 ? 6.5f : 106.5f, output);
            Interlocked.Increment(ref counts[version]);
        });

        var share = counts[2] / 10_000.0;
        Assert.True(Math.Abs(share - 0.10) <= 0.02, $"version 2 answered {share:P1} of 10,000 requests; its weight is 10%");
        Assert.Equal(10_000, counts[1] + counts[2]);

        // The endpoint reports the same live shares.
        var shown = await app.CreateClient().GetFromJsonAsync($"/api/v1/endpoints/{model}", ModelplaneJsonContext.Default.EndpointDto, Ct);
        Assert.Equal([(1, (long)counts[1]), (2, (long)counts[2])], shown!.Routed!.Select(r => (r.Version, r.Requests)));
    }

    [Fact]
    public async Task StickyHeader_SameKeyAlwaysReachesTheSameVersion()
    {
        var model = await EndpointWithTwoVersionsAsync();
        var endpoint = await SetTrafficAsync(model, new SetTrafficRequest([new(model, 1, 50), new(model, 2, 50)]) { StickyHeader = "X-User" });
        Assert.Equal("X-User", endpoint.StickyHeader);
        var seen = new Dictionary<string, HashSet<int>>();

        for (var round = 0; round < 5; round++)
        {
            for (var user = 0; user < 100; user++)
            {
                var key = $"user-{user}";
                var (version, _) = await PredictAsync(model, key, Ct);
                (seen.TryGetValue(key, out var versions) ? versions : seen[key] = []).Add(version);
            }
        }

        Assert.All(seen, p => Assert.Single(p.Value));
        var onTwo = seen.Count(p => p.Value.Single() == 2);
        Assert.InRange(onTwo, 25, 75); // 100 keys spread across a 50/50 split
    }

    [Fact]
    public async Task PointingTheEndpointAtOneVersion_EndsTheSplit()
    {
        var model = await EndpointWithTwoVersionsAsync();
        await SetTrafficAsync(model, new SetTrafficRequest([new(model, 1, 50), new(model, 2, 50)]));

        using var set = await app.CreateClient().PutAsJsonAsync(
            $"/api/v1/endpoints/{model}", new SetEndpointTargetRequest(model, 2), ModelplaneJsonContext.Default.SetEndpointTargetRequest, Ct);
        var after = (await set.Content.ReadFromJsonAsync(ModelplaneJsonContext.Default.EndpointDto, Ct))!;

        Assert.Empty(after.Traffic);
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(2, (await PredictAsync(model, null, Ct)).Version);
        }
    }

    [Fact]
    public async Task VersionInASplit_CannotBeDeleted()
    {
        var model = await EndpointWithTwoVersionsAsync();
        await SetTrafficAsync(model, new SetTrafficRequest([new(model, 1, 80), new(model, 2, 20)]));

        using var delete = await app.CreateClient().DeleteAsync($"/api/v1/models/{model}/versions/2", Ct);

        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        Assert.Contains($"endpoint '{model}' serves version 2", await delete.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"weights":[{"model":"M","version":1,"weight":90},{"model":"M","version":2,"weight":5}]}""", 400, "The weights sum to 95; they must sum to 100.")]
    [InlineData("""{"weights":[{"model":"M","version":1,"weight":100}]}""", 400, "A traffic split needs at least two versions")]
    [InlineData("""{"weights":[{"model":"M","version":1,"weight":100},{"model":"M","version":2,"weight":0}]}""", 400, "each weight is a whole percent from 1 to 100")]
    [InlineData("""{"weights":[{"model":"M","version":1,"weight":50},{"model":"M","version":1,"weight":50}]}""", 400, "appears more than once")]
    [InlineData("""{"weights":[{"model":"M","version":1,"weight":50},{"model":"M","version":9,"weight":50}]}""", 404, "has no version 9")]
    [InlineData("""{"weights":[{"model":"M","version":1,"weight":50},{"model":"M","version":2,"weight":50}],"stickyHeader":"X User:"}""", 400, "sticky_header must be")]
    [InlineData("""{"weights":"lots"}""", 400, "")]
    public async Task BadSplit_IsRefusedNamingTheProblem(string body, int status, string message)
    {
        var model = await EndpointWithTwoVersionsAsync();

        using var response = await app.CreateClient().PutAsync(
            $"/api/v1/endpoints/{model}/traffic", new StringContent(body.Replace("\"M\"", $"\"{model}\"", StringComparison.Ordinal), Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty((await app.CreateClient().GetFromJsonAsync($"/api/v1/endpoints/{model}", ModelplaneJsonContext.Default.EndpointDto, Ct))!.Traffic);
    }

    [Fact]
    public async Task UnknownEndpoint_Is404()
    {
        using var response = await app.CreateClient().PutAsJsonAsync(
            "/api/v1/endpoints/no-such-endpoint/traffic", new SetTrafficRequest([new("a", 1, 50), new("a", 2, 50)]), ModelplaneJsonContext.Default.SetTrafficRequest, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Endpoint 'no-such-endpoint' not found.", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    /// <summary>A model with versions 1 (bias 0.5) and 2 (bias 100.5) and an endpoint of the same name on version 1.</summary>
    private async Task<string> EndpointWithTwoVersionsAsync()
    {
        var model = TestModels.UniqueName("split");
        await app.PushAsync(model, TestModels.Linear3(0.5f));
        await app.PushAsync(model, TestModels.Linear3(100.5f));
        await app.CreateEndpointAsync(model, model, 1);
        return model;
    }

    private async Task<EndpointDto> SetTrafficAsync(string endpoint, SetTrafficRequest request)
    {
        using var response = await app.CreateClient().PutAsJsonAsync($"/api/v1/endpoints/{endpoint}/traffic", request, ModelplaneJsonContext.Default.SetTrafficRequest, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync(ModelplaneJsonContext.Default.EndpointDto, Ct))!;
    }

    private async Task<(int Version, float Output)> PredictAsync(string endpoint, string? key, CancellationToken ct)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/models/{endpoint}/infer")
        {
            Content = new StringContent(TestModels.Request([1, 1, 1]), Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.Add("X-User", key);
        }

        using var response = await client.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var label = response.Headers.GetValues("X-Modelplane-Version").Single();
        using var json = JsonDocument.Parse(body);
        var version = int.Parse(json.RootElement.GetProperty("model_version").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"{endpoint}@{version}", label);
        return (version, json.RootElement.GetProperty("outputs")[0].GetProperty("data")[0].GetSingle());
    }
}
