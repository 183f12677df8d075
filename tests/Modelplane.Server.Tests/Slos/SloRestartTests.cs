using System.Net;
using static Modelplane.Server.Tests.Slos.SloTestData;

namespace Modelplane.Server.Tests.Slos;

/// <summary>Counts are flushed on shutdown and read back by the next process on the same data directory.</summary>
public sealed class SloRestartTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("mp-slo-restart-").FullName;

    [Fact]
    public async Task Restart_CountsFlushedOnShutdown_StatusUnchanged()
    {
        string endpoint;
        Client.Contracts.SloStatusDto before;
        using (var first = new SloAppFactory(_dataDirectory))
        {
            endpoint = await EndpointWithSloAsync(first);
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(HttpStatusCode.OK, await PredictAsync(first, endpoint));
            }

            // Reading status flushes; the requests after it are flushed only by the shutdown.
            before = await StatusAsync(first, endpoint);
            for (var i = 0; i < 4; i++)
            {
                Assert.Equal(HttpStatusCode.OK, await PredictAsync(first, endpoint));
            }
        }

        using var second = new SloAppFactory(_dataDirectory);
        var after = await StatusAsync(second, endpoint);

        Assert.Equal(5, before.Events);
        Assert.Equal((9L, 0L, 1.0), (after.Events, after.BadEvents, after.BudgetRemaining));
    }

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);
}
