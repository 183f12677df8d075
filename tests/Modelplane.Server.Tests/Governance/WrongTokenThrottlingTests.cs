using System.Net;

namespace Modelplane.Server.Tests.Governance;

/// <summary>RELIABILITY.md T15: a client guessing tokens is throttled; on its own server, so no other test's wrong tokens count.</summary>
public sealed class WrongTokenThrottlingTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WrongTokens_AreThrottledAfterTwentyAMinute_AndValidTokensStillWork()
    {
        using var guesser = app.CreateClient("mp_aaaaaaaaaaaa_" + new string('x', 43));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 25; i++)
        {
            using var response = await guesser.GetAsync("/api/v1/models", Ct);
            statuses.Add(response.StatusCode);
        }

        var firstThrottled = statuses.IndexOf(HttpStatusCode.TooManyRequests);
        Assert.InRange(firstThrottled, 1, 20);
        Assert.All(statuses.Skip(firstThrottled), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/api/v1/models", Ct)).StatusCode);
    }
}
