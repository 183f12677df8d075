using Modelplane.Serving.Execution;
using Modelplane.Serving.Tests.TestModels;
using static Modelplane.Serving.Tests.Execution.BatchingHarness;

namespace Modelplane.Serving.Tests.Execution;

/// <summary>When batches form, and how the batch queue is bounded (real ONNX Runtime, the test's clock).</summary>
public sealed class DynamicBatcherTests(LrModel lr)
{
    // Real time allowed for work already released to finish; the batching clock itself never moves unless a test advances it.
    private static readonly TimeSpan Finish = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task InferAsync_RowsReachMaxBatchSize_RunsWithoutWaitingForTheDelay()
    {
        using var harness = Create(LrModel.Version, lr.Artifact, Batching(4, 1000));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(r => harness.SendAsync(lr.Request(r, 1)))).WaitAsync(Finish, TestContext.Current.CancellationToken);

        Assert.Equal(1, harness.Executions(4));
    }

    [Fact]
    public async Task InferAsync_DelayPasses_RunsWhatGathered()
    {
        using var harness = Create(LrModel.Version, lr.Artifact, Batching(8, 10));
        var calls = Enumerable.Range(0, 3).Select(r => harness.SendAsync(lr.Request(r, 1))).ToArray();
        await Task.Delay(Settle, TestContext.Current.CancellationToken);
        Assert.DoesNotContain(calls, c => c.IsCompleted);

        harness.Time!.Advance(TimeSpan.FromMilliseconds(10));
        await Task.WhenAll(calls).WaitAsync(Finish, TestContext.Current.CancellationToken);

        Assert.Equal(1, harness.Executions(3));
    }

    [Fact]
    public async Task InferAsync_PreferredSizeReached_RunsAtOnce()
    {
        using var harness = Create(LrModel.Version, lr.Artifact, Batching(8, 1000, 2));

        await Task.WhenAll(harness.SendAsync(lr.Request(0, 1)), harness.SendAsync(lr.Request(1, 1))).WaitAsync(Finish, TestContext.Current.CancellationToken);

        Assert.Equal(1, harness.Executions(2));
    }

    [Fact]
    public async Task InferAsync_MoreRowsThanMaxBatchSize_RunsAlone()
    {
        using var harness = Create(LrModel.Version, lr.Artifact, Batching(4, 1000));

        using var response = await harness.SendAsync(lr.Request(0, 6)).WaitAsync(Finish, TestContext.Current.CancellationToken);

        Assert.Equal(lr.Labels[..6], LrModel.Output(response, "label").GetProperty("data").EnumerateArray().Select(v => v.GetInt64()));
        Assert.Equal(1, harness.Executions(6));
    }

    [Fact]
    public async Task InferAsync_BatchQueueFull_RejectsWith429()
    {
        using var harness = Create(LrModel.Version, lr.Artifact, Batching(8, 1000), maxQueue: 2);
        var queued = new[] { harness.SendAsync(lr.Request(0, 1)), harness.SendAsync(lr.Request(1, 1)) };

        var error = await Assert.ThrowsAsync<InferenceRejectedException>(() => harness.SendAsync(lr.Request(2, 1)));

        Assert.Equal(429, error.StatusCode);
        Assert.Contains("2 requests queued for a batch", error.Message, StringComparison.Ordinal);
        Assert.True(harness.Runner.IsAtCapacity);
        harness.Time!.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(queued).WaitAsync(Finish, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task InferAsync_TimeoutPassesWhileQueued_RejectsWith504()
    {
        using var harness = Create(LrModel.Version, lr.Artifact, Batching(8, 1000));
        var call = harness.SendAsync(lr.Request(0, 1), timeout: TimeSpan.FromMilliseconds(50));
        await Task.Delay(Settle, TestContext.Current.CancellationToken);

        harness.Time!.Advance(TimeSpan.FromMilliseconds(50));
        var error = await Assert.ThrowsAsync<InferenceRejectedException>(() => call.WaitAsync(Finish, TestContext.Current.CancellationToken));

        Assert.Equal(504, error.StatusCode);
        Assert.Contains("timeout of 50 ms", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, harness.Runner.Statistics.FailureCount);
    }

    [Fact]
    public async Task InferAsync_ClientGoesAway_LeavesTheBatch()
    {
        using var harness = Create(LrModel.Version, lr.Artifact, Batching(8, 10));
        using var gone = new CancellationTokenSource();
        var abandoned = harness.SendAbandonable(lr.Request(0, 1), gone.Token);
        var kept = harness.SendAsync(lr.Request(1, 1));
        await Task.Delay(Settle, TestContext.Current.CancellationToken);

        await gone.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.WaitAsync(Finish, TestContext.Current.CancellationToken));
        harness.Time!.Advance(TimeSpan.FromMilliseconds(10));
        (await kept.WaitAsync(Finish, TestContext.Current.CancellationToken)).Dispose();

        Assert.Equal(0, harness.Executions(2));
        Assert.Equal(1, harness.Executions(1)); // the kept request alone; the warm-up is not counted
    }

    [Fact]
    public async Task InferAsync_OneBatch_RecordsOneExecutionAndQueueTimePerRequest()
    {
        using var harness = Create(LrModel.Version, lr.Artifact, Batching(4, 1000));
        var before = harness.Runner.Statistics;
        var (queued, executions, rows) = (before.QueueCount, before.ExecutionCount, before.InferenceCount);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(r => harness.SendAsync(lr.Request(r, 1)))).WaitAsync(Finish, TestContext.Current.CancellationToken);

        var stats = harness.Runner.Statistics;
        Assert.Equal((queued + 4, executions + 1, rows + 4), (stats.QueueCount, stats.ExecutionCount, stats.InferenceCount));
        Assert.Equal(4, stats.SuccessCount);
    }
}
