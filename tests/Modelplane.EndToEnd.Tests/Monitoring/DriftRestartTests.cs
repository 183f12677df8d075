using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.EndToEnd.Tests.Monitoring;

/// <summary>
/// Drift windows on the real server process: the reference profile is made with the CLI from a CSV of the training
/// rows, live windows close as requests arrive, and a kill -9 in the middle of a window keeps every closed window.
/// </summary>
public sealed class DriftRestartTests
{
    private const int WindowRows = 100;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Kill9MidWindow_ClosedWindowsSurviveAndCountingResumes()
    {
        await using var server = await ModelplaneProcess.StartAsync();
        var data = Path.Combine(server.DataDirectory, "..", $"train-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(data, TrainingCsv(), Ct);
        try
        {
            await server.CliAsync("models", "push", "bc", Samples.BreastCancerOnnx);
            var profiled = await server.CliAsync("models", "profile", "bc@1", "--data", data, "--label", "diagnosis");
            Assert.Contains("mean radius", profiled.StdOut, StringComparison.Ordinal);
            await server.CliAsync("endpoints", "create", "bc", "--model", "bc@1");
            using var http = server.CreateHttpClient();
            using (var set = await http.PutAsJsonAsync(
                "/api/v1/endpoints/bc/monitoring", new SetMonitoringRequest(WindowRows: WindowRows), ModelplaneJsonContext.Default.SetMonitoringRequest, Ct))
            {
                Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync(Ct));
            }

            await SendAsync(http, (2 * WindowRows) + (WindowRows / 2));
            var before = await WindowsAsync(http, expected: 2);
            Assert.Equal(WindowRows / 2, (await DriftAsync(http)).Versions.Single().OpenWindowRows);

            await server.KillAsync();
            await server.RestartAsync();

            using var again = server.CreateHttpClient();
            var after = await WindowsAsync(again, expected: 2);
            Assert.Equal(before.Select(w => (w.Id, w.Rows, w.Verdict)), after.Select(w => (w.Id, w.Rows, w.Verdict)));
            await SendAsync(again, WindowRows);
            var resumed = await WindowsAsync(again, expected: 3);
            Assert.Equal(WindowRows, resumed[0].Rows);

            var table = await server.CliAsync("drift", "bc");
            Assert.Contains($"window {resumed[0].Id}", table.StdOut, StringComparison.Ordinal);
            Assert.Contains("mean radius", table.StdOut, StringComparison.Ordinal);
            var quality = await server.CliAsync("quality", "bc", "--json");
            Assert.Contains("\"estimated\"", quality.StdOut, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(data);
        }
    }

    // The training rows (every data row but every 5th) under the model's 30 feature names, with the label last.
    private static string TrainingCsv()
    {
        var names = JsonNode.Parse(File.ReadAllText(Path.Combine(Samples.Models, "breast-cancer.samples.json")))!["featureNames"]!.AsArray().Select(n => n!.GetValue<string>());
        var rows = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "samples", "data", "breast_cancer.csv")).Skip(1).Where((_, i) => i % 5 != 0);
        return string.Join('\n', rows.Prepend(string.Join(',', names.Append("diagnosis")))) + "\n";
    }

    private static async Task SendAsync(HttpClient http, int rows)
    {
        var heldOut = Samples.BreastCancerRows();
        for (var i = 0; i < rows; i++)
        {
            var features = heldOut[i % heldOut.Count]!["features"]!.AsArray().Select(v => v!.GetValue<double>().ToString("R", CultureInfo.InvariantCulture));
            var body = $$"""{"inputs":[{"name":"Features","shape":[1,30],"datatype":"FP32","data":[{{string.Join(',', features)}}]}]}""";
            using var response = await http.PostAsync("/v2/models/bc/infer", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private static async Task<EndpointDriftDto> DriftAsync(HttpClient http) =>
        (await http.GetFromJsonAsync("/api/v1/endpoints/bc/drift", ModelplaneJsonContext.Default.EndpointDriftDto, Ct))!;

    // Windows are stored by a background loop just after they close: wait for them.
    private static async Task<IReadOnlyList<DriftWindowDto>> WindowsAsync(HttpClient http, int expected)
    {
        for (var i = 0; i < 100; i++)
        {
            var windows = (await DriftAsync(http)).Versions.SingleOrDefault()?.Windows ?? [];
            if (windows.Count >= expected)
            {
                return windows;
            }

            await Task.Delay(100, Ct);
        }

        Assert.Fail($"fewer than {expected} windows stored after 10 s");
        return [];
    }
}
