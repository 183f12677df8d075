using System.Text;
using Modelplane.Testing.Http;

namespace Modelplane.EndToEnd.Tests;

/// <summary>
/// RELIABILITY.md T05's memory bar against the real process: oversize bodies and huge declared shapes are refused
/// with a 4xx, and the server's peak RSS stays within 256 MB of where it started.
/// </summary>
public sealed class InputBombTests
{
    private const long Budget = 256L * 1024 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OversizeAndHugeShapeRequests_KeepPeakRssWithinBudgetAndNever5xx()
    {
        await using var server = await ModelplaneProcess.StartAsync();
        await server.CliAsync("models", "push", "bc", Samples.BreastCancerOnnx);
        var valid = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "breast-cancer-1row.json"), Ct);
        using var http = server.CreateHttpClient(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(200, (await PostAsync(http, valid)).Status);
        }
        var baseline = Status(server.ProcessId, "VmRSS:");
        // Writing 5 to clear_refs resets the peak (VmHWM) to the current RSS, so the peak below is this test's alone.
        await File.WriteAllTextAsync($"/proc/{server.ProcessId}/clear_refs", "5", Ct);

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            foreach (var chunked in new[] { false, true })
            {
                var flood = await FloodClient.PostAsync(server.BaseAddress, server.AdminToken, "/v2/models/bc/infer", 100L * 1024 * 1024, chunked, Ct);
                statuses.Add(flood.Status);
            }
            foreach (var body in HugeShapes())
            {
                statuses.Add((await PostAsync(http, body)).Status);
            }
            statuses.Add((await PostAsync(http, NearLimitBody())).Status);
            statuses.Add((await PostBinaryAsync(http, """{"inputs":[{"name":"Features","shape":[4000000,30],"datatype":"FP32","parameters":{"binary_data_size":480000000}}]}""")).Status);
        }
        var peak = Status(server.ProcessId, "VmHWM:");

        Assert.DoesNotContain(statuses, s => s >= 500);
        Assert.All(statuses, s => Assert.True(s is 400 or 413, $"status {s}"));
        Assert.True(peak <= baseline + Budget, $"peak RSS {peak >> 20} MB, baseline {baseline >> 20} MB");
        Assert.Equal(200, (await PostAsync(http, valid)).Status);
    }

    private static IEnumerable<string> HugeShapes()
    {
        string Input(string shape, string data) => $$"""{"inputs":[{"name":"Features","shape":{{shape}},"datatype":"FP32","data":{{data}}}]}""";
        yield return Input("[1099511627776,1099511627776]", "[1,2,3]");
        yield return Input("[4611686018427387904,30]", "[1,2,3]");
        yield return Input("[16777216,30]", "[1,2,3]");
        yield return Input("[500000,30]", "[1,2,3]");
        yield return $$"""{"inputs":[{"name":"Features","shape":[1,30],"datatype":"FP32","data":[0]}],"outputs":[{{string.Join(",", Enumerable.Repeat("""{"name":"Probability.output"}""", 1_000_000))}}]}""";
        yield return Input("[1,30]", new string('[', 10_000) + new string(']', 10_000));
    }

    /// <summary>A body just under the 32 MiB limit declaring one row but carrying 16 million numbers.</summary>
    private static string NearLimitBody()
    {
        var data = new StringBuilder(32 * 1024 * 1024).Append('[');
        while (data.Length < (32 * 1024 * 1024) - 200)
        {
            data.Append("1,");
        }
        data.Append("1]");
        return $$"""{"inputs":[{"name":"Features","shape":[1,30],"datatype":"FP32","data":{{data}}}]}""";
    }

    private static async Task<(int Status, string Body)> PostAsync(HttpClient http, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("/v2/models/bc/infer", content, Ct);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<(int Status, string Body)> PostBinaryAsync(HttpClient http, string json)
    {
        var head = Encoding.UTF8.GetBytes(json);
        using var content = new ByteArrayContent([.. head, .. new byte[120]]);
        content.Headers.TryAddWithoutValidation("Inference-Header-Content-Length", head.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await http.PostAsync("/v2/models/bc/infer", content, Ct);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>A size field of /proc/PID/status, in bytes.</summary>
    private static long Status(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
