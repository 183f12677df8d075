using System.Buffers;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Modelplane.Serving.Monitoring.Windows;

namespace Modelplane.Serving.Benchmarks;

/// <summary>
/// What monitoring adds to one request of the 30-feature model: the same OIP JSON request (1 or 32 held-out rows)
/// through Modelplane's runner, without an observer and with a live profile counting every feature and output into
/// the reference's bins (window by time only, so no window closes during the run).
/// </summary>
[MemoryDiagnoser]
public class MonitoringOverheadBenchmark
{
    private readonly ArrayBufferWriter<byte> _output = new(1 << 16);
    private LrMonitoring _lr = null!;
    private LiveProfile _live = null!;
    private ReadOnlySequence<byte> _body;

    /// <summary>Rows per request.</summary>
    [Params(1, 32)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _lr = new LrMonitoring();
        _live = _lr.Install();
        var data = string.Join(",", _lr.HeldOut.Take(Rows).SelectMany(r => r).Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        _body = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(
            $$"""{"inputs":[{"name":"input","shape":[{{Rows}},{{LrMonitoring.Features}}],"datatype":"FP32","data":[{{data}}]}]}"""));

        // The monitored figure means something only if the request's rows are really counted.
        Monitored();
        if (_live.OpenRows != Rows || _live.Peek().Features[0].Count != Rows)
        {
            throw new InvalidOperationException($"The live profile counted {_live.OpenRows} rows of a {Rows}-row request.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _lr.Dispose();

    /// <summary>Parse, run and write, unmonitored.</summary>
    [Benchmark(Baseline = true)]
    public int Unmonitored()
    {
        _output.ResetWrittenCount();
        _lr.Runner.Infer(_body, _output, "lr");
        return _output.WrittenCount;
    }

    /// <summary>The same with the live profile counting the request's rows and the answer.</summary>
    [Benchmark]
    public int Monitored()
    {
        _output.ResetWrittenCount();
        _lr.Runner.Infer(_body, _output, "lr", observer: _live);
        return _output.WrittenCount;
    }
}
