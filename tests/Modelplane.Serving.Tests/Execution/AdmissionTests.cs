using System.Buffers;
using System.Text;
using Modelplane.Serving.Execution;
using Modelplane.Serving.Oip;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Tests.TestModels;

namespace Modelplane.Serving.Tests.Execution;

/// <summary>The per-version admission gate: bounded concurrency and queue, refusals that say why, timeouts.</summary>
public sealed class AdmissionTests(LrModel lr)
{
    private static readonly ServingOptions Options = new();

    [Fact]
    public async Task InferAsync_SlotTakenAndNoQueue_RefusesWith429AndRetryAfter()
    {
        using var runner = Create(concurrency: 1, queue: 0);
        using var blocker = new HeldCall(runner, lr.Request(0, 1));
        await blocker.Running;

        var ex = await Assert.ThrowsAsync<InferenceRejectedException>(() => Infer(runner, lr.Request(1, 1), null, default, TestContext.Current.CancellationToken).AsTask());

        Assert.Equal(429, ex.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), ex.RetryAfter);
        Assert.Equal("Model 'lr' version 3 is at capacity (1 running, 0 queued); retry later.", ex.Message);
        Assert.True(runner.IsAtCapacity);
    }

    [Fact]
    public async Task InferAsync_QueuedPastItsTimeout_RefusesWith504()
    {
        using var runner = Create(concurrency: 1, queue: 4);
        using var blocker = new HeldCall(runner, lr.Request(0, 1));
        await blocker.Running;

        var ex = await Assert.ThrowsAsync<InferenceRejectedException>(
            () => Infer(runner, lr.Request(1, 1), null, TimeSpan.FromMilliseconds(50), TestContext.Current.CancellationToken).AsTask());

        Assert.Equal(504, ex.StatusCode);
        Assert.Equal("Model 'lr' version 3 found no free slot within the request's timeout of 50 ms.", ex.Message);
        Assert.Equal(1, runner.Statistics.FailureCount);
    }

    [Fact]
    public async Task InferAsync_QueuedUntilSlotFrees_RunsAndCountsQueueTime()
    {
        using var runner = Create(concurrency: 1, queue: 4);
        var blocker = new HeldCall(runner, lr.Request(0, 1));
        await blocker.Running;
        var output = new ArrayBufferWriter<byte>();

        var queued = Infer(runner, lr.Request(5, 1), output, default, TestContext.Current.CancellationToken).AsTask();
        await Task.Delay(30, TestContext.Current.CancellationToken);
        Assert.False(queued.IsCompleted);
        blocker.Dispose();
        await queued;

        using var response = System.Text.Json.JsonDocument.Parse(output.WrittenMemory);
        Assert.Equal(lr.Labels[5], LrModel.Output(response, "label").GetProperty("data")[0].GetInt64());
        Assert.Equal(2, runner.Statistics.SuccessCount);
        Assert.True(runner.Statistics.QueueNs >= TimeSpan.FromMilliseconds(20).Ticks * 100);
    }

    [Fact]
    public async Task InferAsync_QueuedAndClientGoesAway_IsCancelled()
    {
        using var runner = Create(concurrency: 1, queue: 4);
        using var blocker = new HeldCall(runner, lr.Request(0, 1));
        await blocker.Running;
        using var gone = new CancellationTokenSource();

        var queued = Infer(runner, lr.Request(1, 1), null, default, gone.Token).AsTask();
        await gone.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
    }

    private IModelRunner Create(int concurrency, int queue) =>
        LrModel.NewFactory().Create(LrModel.Version, lr.Artifact, new ExecutionSettings(concurrency, queue, 1, 1));

    private static ValueTask Infer(IModelRunner runner, string body, IBufferWriter<byte>? output, TimeSpan timeout, CancellationToken aborted) =>
        runner.InferAsync(
            new OipJsonCodec(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(body)), output ?? new ArrayBufferWriter<byte>(), Options),
            new InferenceCall("lr", timeout, aborted));

    /// <summary>A call that holds its slot (its encode blocks) until disposed.</summary>
    private sealed class HeldCall : IDisposable
    {
        private readonly ManualResetEventSlim _release = new();
        private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task _call;

        public HeldCall(IModelRunner runner, string body)
        {
            var codec = new BlockingCodec(new OipJsonCodec(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(body)), new ArrayBufferWriter<byte>(), Options), _running, _release);
            _call = Task.Run(() => runner.InferAsync(codec, new InferenceCall("lr")).AsTask());
        }

        public Task Running => _running.Task;

        public void Dispose()
        {
            _release.Set();
            _call.GetAwaiter().GetResult();
            _release.Dispose();
        }
    }

    private readonly struct BlockingCodec(OipJsonCodec inner, TaskCompletionSource running, ManualResetEventSlim release) : IInferenceCodec
    {
        public void Decode(InferenceRequest request) => inner.Decode(request);

        public void Encode(InferenceResult result)
        {
            running.TrySetResult();
            release.Wait(TimeSpan.FromSeconds(30));
            inner.Encode(result);
        }
    }
}
