using System.Globalization;

namespace Modelplane.Server.Tests.Oip;

/// <summary>Runs alone (no other test allocating meanwhile), so the process's resident memory is this test's to measure.</summary>
[CollectionDefinition(nameof(MemoryMeasurement), DisableParallelization = true)]
public sealed class MemoryMeasurement;

/// <summary>Unloading really gives memory back: load/unload cycles of a 4 MB version leave the resident memory where it was.</summary>
[Collection(nameof(MemoryMeasurement))]
public sealed class RepositoryMemoryTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private readonly RepositoryHttp _http = new(app.CreateClient());

    [Fact]
    public async Task LoadUnload_100Cycles_ResidentMemoryWithin5PercentOfStart()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Wide());
        var load = $"/v2/repository/models/{model}/versions/1/load";
        var unload = $"/v2/repository/models/{model}/versions/1/unload";

        // Warm-up: JIT tiering, thread-pool threads and their per-thread buffers settle in the first cycles.
        for (var i = 0; i < 10; i++)
        {
            await _http.ControlAsync(load);
            await _http.ControlAsync(unload);
        }

        var start = ResidentBytes();
        var footprint = 0L;
        var trace = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            var loaded = await _http.ControlAsync(load);
            footprint = Math.Max(footprint, loaded[0].MemoryBytes ?? 0);
            await _http.ControlAsync(unload);
            if (i % 10 == 9)
            {
                trace.Add(Mib(ResidentBytes()));
            }
        }

        var end = ResidentBytes();
        TestContext.Current.TestOutputHelper?.WriteLine($"RSS {Mib(start)} -> {Mib(end)} MiB; every 10 cycles: {string.Join(' ', trace)}; version {Mib(footprint)} MiB");
        Assert.True(footprint >= 4_000_000, $"a load should count at least the 4 MB artifact, counted {footprint}");
        Assert.True(
            Math.Abs(end - start) <= start * 0.05,
            $"RSS went from {Mib(start)} MiB to {Mib(end)} MiB over 100 load/unload cycles of a {Mib(footprint)} MiB version (every 10 cycles: {string.Join(' ', trace)})");
    }

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);

    private static long ResidentBytes()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
