using System.Diagnostics;
using Modelplane.Registry.InferenceLog;
using static Modelplane.Registry.Tests.InferenceLog.InferenceLogTestData;

namespace Modelplane.Registry.Tests.InferenceLog;

[Collection(nameof(ThroughputRunsAlone))]
public sealed class SqliteInferenceLogStoreThroughputTests : IDisposable
{
    private const int Rows = 100_000;
    private const int BatchSize = 1_000;

    private readonly InferenceLogTestData _data = new();

    public void Dispose() => _data.Dispose();

    // Measured, not asserted: a shared CI core makes any threshold flaky; the printed rate is for a human to compare.
    // The first one-row append creates the file's pages and warms the JIT, so the timed part is the steady state.
    [Fact]
    public async Task AppendAsync_100000RowsInBatches_StoresAllAndPrintsTheRate()
    {
        const string inputs = """{"tenure":[12],"plan":["monthly"],"charges":[70.35],"region":["eu-west"]}""";
        var batches = Enumerable.Range(0, Rows / BatchSize)
            .Select(b => Enumerable.Range(b * BatchSize, BatchSize)
                .Select(i => Record($"req-{i:D8}", i / 100, version: 1 + (i % 2), inputs: inputs, route: i % 10 == 0 ? "shadowed" : "split"))
                .ToArray())
            .ToArray();
        await _data.Store.AppendAsync(batches[0][..1], Ct);

        var watch = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            await _data.Store.AppendAsync(batch, Ct);
        }

        watch.Stop();

        var rate = Rows / watch.Elapsed.TotalSeconds;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Appended {Rows:N0} rows in {Rows / BatchSize} batches of {BatchSize:N0} in {watch.Elapsed.TotalMilliseconds:N0} ms: {rate:N0} rows/s");
        Assert.Equal(Rows + 1, await _data.Store.CountAsync("churn", Ct));
        Assert.Equal(2, (await _data.Store.QueryAsync(new InferenceLogQuery("churn", RequestId: "req-00000000"), Ct)).Count);
    }
}

/// <summary>The throughput test runs with no other test beside it: on two cores a parallel test would halve the rate it prints.</summary>
[CollectionDefinition(nameof(ThroughputRunsAlone), DisableParallelization = true)]
public sealed class ThroughputRunsAlone;
