using System.Buffers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Modelplane.Registry.Monitoring;
using Modelplane.Serving.Monitoring.Statistics;

namespace Modelplane.Serving.Benchmarks;

/// <summary>
/// The 1,000,000 × 30 drift report: 1,000,000 distinct synthetic rows (three features shifted by half a spread) sent
/// as 1,000 binary-protocol requests of 1,000 rows through the real runner into a fresh live window, then the window's
/// snapshot compared with the reference profile (100,000 rows, decile bins). The baseline sends the same requests
/// unmonitored, so the difference is what counting and the report cost.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class DriftReportBenchmark
{
    private const int Rows = 1_000_000;
    private const int Batch = 1_000;

    private readonly ArrayBufferWriter<byte> _output = new(1 << 16);
    private readonly DriftThresholds _thresholds = new();
    private LrMonitoring _lr = null!;
    private (ReadOnlySequence<byte> Body, int HeaderLength)[] _requests = null!;

    [GlobalSetup]
    public void Setup()
    {
        _lr = new LrMonitoring();
        _requests = LrMonitoring.BinaryBodies(_lr.Synthetic(Rows, seed: 2, shifted: [3, 13, 23]), Batch);

        // The figures mean something only if every row was counted and the report finds the shift it was given.
        var report = Infer1M_Monitored_ThenReport();
        var top = report.Features.Take(3).Select(f => f.Name).Order(StringComparer.Ordinal).ToArray();
        if (report.LiveRows != Rows || !top.SequenceEqual(["f13", "f23", "f3"]))
        {
            throw new InvalidOperationException($"The report counted {report.LiveRows} rows and ranked {string.Join(", ", top)} first.");
        }

        Console.WriteLine($"// Report: {report.LiveRows} rows, verdict {report.Verdict}; most drifted: "
            + string.Join(", ", report.Features.Take(4).Select(f => $"{f.Name} PSI {f.Psi:F3} {f.Verdict}")));
    }

    [GlobalCleanup]
    public void Cleanup() => _lr.Dispose();

    /// <summary>The 1,000 requests without monitoring: parse, run lr.onnx, write.</summary>
    [Benchmark(Baseline = true)]
    public long Infer1M_Unmonitored()
    {
        foreach (var request in _requests)
        {
            _output.ResetWrittenCount();
            _lr.Infer(request, _output, observer: null);
        }

        return _output.WrittenCount;
    }

    /// <summary>The same requests counted into a fresh live window, then its drift report against the reference.</summary>
    [Benchmark]
    public DriftReport Infer1M_Monitored_ThenReport()
    {
        var live = _lr.Install();
        foreach (var request in _requests)
        {
            _output.ResetWrittenCount();
            _lr.Infer(request, _output, live);
        }

        return DriftCalculator.Compare(_lr.Reference.Profile, live.Peek(), _thresholds);
    }
}
