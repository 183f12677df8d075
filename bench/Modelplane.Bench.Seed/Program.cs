// Seeds DATA_DIR with VERSIONS versions spread over MODELS models, through IModelStore like a push would write
// them, but with one shared ONNX blob (committed once) so seeding measures the metadata store, not hashing;
// then RUNS MLflow runs over EXPERIMENTS experiments through ITrackingStore (create, log-batch, finish).
//   dotnet run -c Release --project bench/Modelplane.Bench.Seed -- DATA_DIR [VERSIONS=100000] [MODELS=1000] [RUNS=0] [EXPERIMENTS=10]
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Modelplane.Registry.Artifacts;
using Modelplane.Registry.Models;
using Modelplane.Registry.Onnx;
using Modelplane.Registry.Storage;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: Modelplane.Bench.Seed DATA_DIR [VERSIONS] [MODELS] [RUNS] [EXPERIMENTS]");
    return 2;
}

var dataDir = Path.GetFullPath(args[0]);
var total = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
var modelCount = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000;
var runCount = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 0;
var experimentCount = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 10;
var onnx = Path.Combine(AppContext.BaseDirectory, "iris.onnx");

var builder = Host.CreateApplicationBuilder();
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Modelplane:DataDirectory"] = dataDir });
builder.Services.AddModelplaneRegistry().AddOnnxModelInspection();
using var host = builder.Build();
var services = host.Services;
var ct = CancellationToken.None;

var metadata = services.GetRequiredService<IMetadataStore>();
await metadata.MigrateAsync(ct);

// The blob: staged and committed once, inspected once for its signature.
var bytes = await File.ReadAllBytesAsync(onnx, ct);
var signature = services.GetRequiredService<IModelInspector>().Inspect(new MemoryStream(bytes)).Signature;
await using (var staged = await services.GetRequiredService<IArtifactStore>().StageAsync(new MemoryStream(bytes), long.MaxValue, ct))
{
    await staged.CommitAsync(ct);
    Seed.Digest = staged.Digest;
}

string[] teams = ["risk", "growth", "fraud", "ops", "search", "ads", "pricing", "support"];
var random = new Random(42);
var watch = Stopwatch.StartNew();
var perModel = (total + modelCount - 1) / modelCount;
var created = 0;

// Round-robin over models so created times and version numbers interleave as in a live registry.
for (var round = 0; round < perModel && created < total; round++)
{
    for (var m = 0; m < modelCount && created < total; m++)
    {
        var name = $"model-{m:D4}";
        var request = new NewModelVersion(
            name, Seed.Digest, bytes.Length, "onnx", signature, $"seeded version {round + 1}",
            new Dictionary<string, string> { ["team"] = teams[m % teams.Length], ["stage"] = round % 3 == 0 ? "prod" : "dev" },
            new Dictionary<string, double> { ["auc"] = Math.Round(0.5 + (random.NextDouble() / 2), 4), ["loss"] = Math.Round(random.NextDouble(), 4) })
        {
            Params = new Dictionary<string, string> { ["max_depth"] = $"{2 + (round % 8)}" },
        };
        await metadata.Models.CreateVersionAsync(request, ct);
        created++;
        if (created % 10_000 == 0)
        {
            Console.Error.WriteLine($"{created:N0} versions, {created / watch.Elapsed.TotalSeconds:N0}/s");
        }
    }
}

// Aliases and approvals: every model gets a champion (its latest version) and every 4th version of model 0..99 an approval.
for (var m = 0; m < modelCount && created > 0; m++)
{
    var name = $"model-{m:D4}";
    var latest = (await metadata.Models.GetLatestVersionAsync(name, ct))?.Version;
    if (latest is { } v)
    {
        await metadata.Aliases.SetAsync(name, "champion", v, ct);
        if (v > 1)
        {
            await metadata.Aliases.SetAsync(name, "challenger", v - 1, ct);
        }

        if (m % 10 == 0)
        {
            await metadata.VersionMetadata.SetApprovalAsync(name, v, ApprovalStatus.Approved, "bench", null, ct);
        }
    }
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SEEDED {created} {modelCount} {watch.Elapsed.TotalSeconds:F1} {created / Math.Max(watch.Elapsed.TotalSeconds, 0.001):F0}"));
if (runCount > 0)
{
    var seconds = await RunSeeder.SeedAsync(metadata.Tracking, runCount, experimentCount, ct);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SEEDED_RUNS {runCount} {experimentCount} {seconds:F1} {runCount / seconds:F0}"));
}

return 0;

internal static class Seed
{
    public static string Digest { get; set; } = "";
}
