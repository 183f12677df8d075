using Microsoft.Extensions.Options;
using Modelplane.Server.Hosting.Overload;
using Modelplane.Server.Tests.Governance;
using Modelplane.Serving;

namespace Modelplane.Server.Tests.Hosting;

[Collection(nameof(RunsAlone))]
public sealed class QueueDelayMonitorTests
{
    private static readonly long Ms = TimeProvider.System.TimestampFrequency / 1000;

    [Fact]
    public void Observe_AboveTargetForTheWholeWindow_IsOverloaded_AndOneProbeUnderTheTargetEndsIt()
    {
        using var monitor = Create(probe: false);

        monitor.Observe(8 * Ms, 1000 * Ms);
        monitor.Observe(9 * Ms, 1019 * Ms);
        Assert.False(monitor.Overloaded);  // 19 ms above the 5 ms target: a burst still draining
        monitor.Observe(7 * Ms, 1020 * Ms);
        Assert.True(monitor.Overloaded);
        Assert.Equal(7.0, monitor.LastDelayMs, 3);

        monitor.Observe(4 * Ms, 1030 * Ms);
        Assert.False(monitor.Overloaded);
        monitor.Observe(8 * Ms, 1031 * Ms);
        Assert.False(monitor.Overloaded);  // the window starts again
    }

    [Fact]
    public void Create_ZeroTarget_IsDisabled()
    {
        using var monitor = new QueueDelayMonitor(
            Options.Create(new ServingOptions { ShedQueueDelay = TimeSpan.Zero }), TimeProvider.System);
        Assert.False(monitor.Enabled);
    }

    [Fact]
    public async Task Probe_ThreadPoolStarvedByBlockedWork_IsOverloaded_ThenRecoversWhenTheWorkEnds()
    {
        using var monitor = Create(probe: true);
        await monitor.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            Assert.False(monitor.Overloaded);

            // Blocked work items hold every pool thread for 400 ms; the pool adds threads only slowly, so the probe
            // work item queued behind them waits far longer than the 5 ms target.
            using var release = new ManualResetEventSlim();
            var blockers = Enumerable.Range(0, Environment.ProcessorCount * 8)
                .Select(_ => Task.Run(() => release.Wait(TimeSpan.FromMilliseconds(400)), TestContext.Current.CancellationToken))
                .ToArray();
            var overloaded = await EventuallyAsync(() => monitor.Overloaded, TimeSpan.FromSeconds(3));
            release.Set();
            await Task.WhenAll(blockers);

            Assert.True(overloaded, $"never overloaded; last probe {monitor.LastDelayMs:0.0} ms");
            Assert.True(await EventuallyAsync(() => !monitor.Overloaded, TimeSpan.FromSeconds(10)), $"still overloaded; last probe {monitor.LastDelayMs:0.0} ms");
        }
        finally
        {
            await monitor.StopAsync(TestContext.Current.CancellationToken);
        }
    }

    private static QueueDelayMonitor Create(bool probe) => new(
        Options.Create(new ServingOptions { ShedQueueDelay = TimeSpan.FromMilliseconds(5), ShedWindow = TimeSpan.FromMilliseconds(20) }),
        TimeProvider.System,
        probe);

    // Polls from a dedicated thread's point of view: Thread.Sleep, since the pool itself is what is starved.
    private static Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan limit) => Task.Factory.StartNew(
        () =>
        {
            var until = TimeProvider.System.GetTimestamp() + (long)(limit.TotalSeconds * TimeProvider.System.TimestampFrequency);
            while (TimeProvider.System.GetTimestamp() < until)
            {
                if (condition())
                {
                    return true;
                }

                Thread.Sleep(2);
            }

            return condition();
        },
        CancellationToken.None,
        TaskCreationOptions.LongRunning,
        TaskScheduler.Default);
}
