using System.Globalization;
using System.Text.Json;
using Modelplane.Bench.Grpc;

// Benchmark 6: OIP ModelInfer over gRPC against OIP infer over REST, one row, same server, model and run.
// Usage: dotnet run -c Release --project bench/Modelplane.Bench.Grpc -- [--rest URL] [--grpc URL] [--model NAME]
//   [--input NAME] [--samples samples.json] [--clients N] [--seconds D] [--warmup W] [--rounds R] [--grpc-channels C]
var options = Options.Parse(args);
var rows = JsonDocument.Parse(File.ReadAllBytes(options.Get("samples", "tests/Modelplane.Serving.Tests/TestData/samples.json")));
var row = rows.RootElement.GetProperty("rows")[0].EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
var clients = options.Int("clients", 32);
var seconds = options.Int("seconds", 10);
var warmup = options.Int("warmup", 3);
var rounds = options.Int("rounds", 3);
var channels = options.Int("grpc-channels", clients);

using var targets = new Targets(
    new Uri(options.Get("rest", "http://127.0.0.1:8080")), new Uri(options.Get("grpc", "http://127.0.0.1:8081")),
    options.Get("model", "lr"), options.Get("input", "input"), row);
var (restAnswer, grpcAnswer) = await targets.ProbeAsync();
Console.WriteLine($"REST answer: {restAnswer}");
Console.WriteLine($"gRPC answer: {grpcAnswer}");
Console.WriteLine($"{clients} clients, {seconds} s per run after {warmup} s warm-up, {rounds} rounds; gRPC over {channels} HTTP/2 connection(s)");

var runs = new (string Name, Func<int, Func<Task<bool>>> Call)[]
{
    ("REST OIP JSON (HTTP/1.1)", targets.Rest(clients)),
    ("gRPC ModelInfer raw", targets.Grpc(channels, raw: true)),
    ("gRPC ModelInfer fp32_contents", targets.Grpc(channels, raw: false)),
};
var results = runs.ToDictionary(r => r.Name, _ => new List<LoadResult>());
for (var round = 1; round <= rounds; round++)
{
    foreach (var (name, call) in runs)
    {
        await LoadRun.RunAsync(name, clients, TimeSpan.FromSeconds(warmup), call);
        var result = await LoadRun.RunAsync(name, clients, TimeSpan.FromSeconds(seconds), call);
        results[name].Add(result);
        Console.WriteLine($"round {round}: {result}");
    }
}

Console.WriteLine();
Console.WriteLine("medians over rounds (by req/s):");
var restMedian = Median(results[runs[0].Name]).RequestsPerSecond;
foreach (var (name, _) in runs)
{
    var median = Median(results[name]);
    Console.WriteLine($"{median}   vs REST {(median.RequestsPerSecond / restMedian).ToString("F2", CultureInfo.InvariantCulture)}");
}

static LoadResult Median(List<LoadResult> runs) => runs.OrderBy(r => r.RequestsPerSecond).ElementAt(runs.Count / 2);

/// <summary><c>--name value</c> pairs.</summary>
internal sealed class Options(Dictionary<string, string> values)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }
        return new Options(values);
    }

    public string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);

    public int Int(string name, int fallback) => values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
