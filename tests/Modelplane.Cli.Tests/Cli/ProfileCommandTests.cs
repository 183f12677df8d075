using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Modelplane.Cli.Tests.Fakes;
using Modelplane.Cli.Tests.Real;
using Modelplane.Client;
using Modelplane.Testing.FileSystem;

namespace Modelplane.Cli.Tests.Cli;

/// <summary>
/// <c>models profile</c> and <c>models push --reference-data</c> against the real server, with the bundled breast-cancer
/// model and its training rows (samples/data/breast_cancer.csv without every 5th row) under the 30 feature names.
/// </summary>
public sealed class ProfileCommandTests(RealServer server) : IClassFixture<RealServer>, IDisposable
{
    private static readonly string Samples = Path.Combine(AppContext.BaseDirectory, "samples");

    private readonly CliHarness _cli = new() { ClientFactory = uri => new ModelplaneClient(uri) };
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string TrainingCsv(int featureColumns = 30)
    {
        var names = JsonNode.Parse(File.ReadAllText(Path.Combine(Samples, "models", "breast-cancer.samples.json")))!["featureNames"]!
            .AsArray().Select(n => n!.GetValue<string>()).Take(featureColumns);
        var rows = File.ReadAllLines(Path.Combine(Samples, "data", "breast_cancer.csv")).Skip(1).Where((_, i) => i % 5 != 0)
            .Select(l => l.Split(',')).Select(r => string.Join(',', r.Take(featureColumns).Append(r[30])));
        return string.Join('\n', rows.Prepend(string.Join(',', names.Append("diagnosis")))) + "\n";
    }

    private string Model => Path.Combine(Samples, "models", "breast-cancer.onnx");

    private static string Unique() => $"p{Guid.NewGuid():N}"[..16];

    [Fact]
    public async Task Profile_TrainingCsv_PrintsTheSummaryAndTheFeatureTable()
    {
        var model = Unique();
        await RunAsync("models", "push", model, Model);

        var run = await RunAsync("models", "profile", $"{model}@1", "--data", _temp.File("train.csv", TrainingCsv()), "--label", "diagnosis");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains($"Profiled {model}@1 on 455 rows of csv sha256:", run.Out, StringComparison.Ordinal);
        Assert.Contains("calibrated on label 'diagnosis'", run.Out, StringComparison.Ordinal);
        Assert.Contains("worst fractal dimension", run.Out, StringComparison.Ordinal);
        Assert.Contains("Probability.output", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_Json_PrintsTheProfileWithTheFilesDigest()
    {
        var model = Unique();
        await RunAsync("models", "push", model, Model);
        var csv = TrainingCsv();

        var run = await RunAsync("models", "profile", $"{model}@1", "--data", _temp.File("train.csv", csv), "--label", "diagnosis", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var profile = JsonSerializer.Deserialize(run.Out, ModelplaneJsonContext.Default.ReferenceProfileDto)!;
        Assert.Equal((455L, 30, true), (profile.Rows, profile.Features.Count, profile.Calibrated));
        Assert.Equal($"sha256:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(csv)))}", profile.DataDigest);
    }

    [Fact]
    public async Task Push_WithReferenceData_StoresTheProfileWithTheNewVersion()
    {
        var model = Unique();

        var run = await RunAsync("models", "push", model, Model, "--reference-data", _temp.File("train.csv", TrainingCsv()), "--label", "diagnosis");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains($"Profiled {model}@1 on 455 rows", run.Out, StringComparison.Ordinal);
        using var client = new ModelplaneClient(new Uri(server.Url));
        client.UseToken(server.AdminToken);
        Assert.Equal("diagnosis", (await client.GetProfileAsync(model, 1, TestContext.Current.CancellationToken)).LabelColumn);
    }

    [Fact]
    public async Task Profile_MissingColumn_ExitsWithTheServersReason()
    {
        var model = Unique();
        await RunAsync("models", "push", model, Model);

        var run = await RunAsync("models", "profile", $"{model}@1", "--data", _temp.File("short.csv", TrainingCsv(29)), "--label", "diagnosis");

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        Assert.Contains("The data has 29 feature columns", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_UnknownExtension_AsksForFormat()
    {
        var model = Unique();
        await RunAsync("models", "push", model, Model);

        var run = await RunAsync("models", "profile", $"{model}@1", "--data", _temp.File("train.txt", TrainingCsv()));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("add --format csv or --format parquet", run.Error, StringComparison.Ordinal);
    }

    private Task<CliRun> RunAsync(params string[] args) => _cli.RunAsync([.. args, "--server", server.Url, "--token", server.AdminToken]);
}
