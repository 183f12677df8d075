using System.Diagnostics;
using System.Globalization;
using Modelplane.Registry.Tracking;

/// <summary>
/// Seeds MLflow runs through <see cref="ITrackingStore"/> the way a client's create-run, log-batch and
/// update-run calls would write them: runs spread over a few experiments, each with metrics, params and tags.
/// </summary>
internal static class RunSeeder
{
    private static readonly string[] Teams = ["risk", "growth", "fraud", "ops", "search", "ads", "pricing", "support"];
    private static readonly string[] Optimizers = ["adam", "sgd", "rmsprop"];

    /// <summary>Creates <paramref name="total"/> finished runs over <paramref name="experiments"/> experiments; returns the seconds taken.</summary>
    public static async Task<double> SeedAsync(ITrackingStore tracking, int total, int experiments, CancellationToken ct)
    {
        var ids = new string[experiments];
        for (var e = 0; e < experiments; e++)
        {
            var name = $"bench-exp-{e:D2}";
            ids[e] = (await tracking.GetExperimentByNameAsync(name, ct))?.ExperimentId
                ?? await tracking.CreateExperimentAsync(name, null, [new TrackingTag("team", Teams[e % Teams.Length])], ct);
        }

        var random = new Random(7);
        var watch = Stopwatch.StartNew();

        // Start times one second apart from a fixed origin, interleaved over experiments as in a busy tracking server.
        var origin = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        for (var i = 0; i < total; i++)
        {
            var start = origin + (i * 1000L);
            var run = await tracking.CreateRunAsync(
                new NewRun(ids[i % experiments], $"run-{i:D6}", "bench", start, [new TrackingTag("team", Teams[i % Teams.Length])]), ct);
            var id = run.Info.RunId;
            var end = start + 600;
            await tracking.LogBatchAsync(id, new RunBatch(
                [
                    new Metric("accuracy", Math.Round(0.5 + (random.NextDouble() / 2), 4), end, 10),
                    new Metric("auc", Math.Round(0.5 + (random.NextDouble() / 2), 4), end, 10),
                    new Metric("loss", Math.Round(random.NextDouble(), 4), end, 10),
                ],
                [
                    new TrackingTag("lr", (0.001 * (1 + (i % 10))).ToString(CultureInfo.InvariantCulture)),
                    new TrackingTag("max_depth", $"{2 + (i % 8)}"),
                    new TrackingTag("optimizer", Optimizers[i % Optimizers.Length]),
                ],
                [new TrackingTag("stage", i % 3 == 0 ? "prod" : "dev")]), ct);
            await tracking.UpdateRunAsync(id, new RunUpdate(RunStatuses.Finished, end, null), ct);
            if ((i + 1) % 10_000 == 0)
            {
                Console.Error.WriteLine($"{i + 1:N0} runs, {(i + 1) / watch.Elapsed.TotalSeconds:N0}/s");
            }
        }

        return watch.Elapsed.TotalSeconds;
    }
}
