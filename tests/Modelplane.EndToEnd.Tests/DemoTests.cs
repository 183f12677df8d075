using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Modelplane.EndToEnd.Tests;

/// <summary>The README's first command: <c>modelplane demo</c> registers the bundled models and prints a working curl.</summary>
public sealed partial class DemoTests
{
    [Fact]
    public async Task Demo_PrintedCurl_AnswersTheRecordedPrediction()
    {
        await using var demo = await ModelplaneProcess.StartAsync("demo");
        var curl = await WaitForLineAsync(demo, "curl ");

        var match = CurlPattern().Match(curl);
        Assert.True(match.Success, curl);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", (await File.ReadAllTextAsync(match.Groups["token"].Value, TestContext.Current.CancellationToken)).Trim());
        using var response = await http.PostAsync(
            match.Groups["url"].Value, new StringContent(match.Groups["body"].Value, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith(demo.BaseAddress.AbsoluteUri, match.Groups["url"].Value, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var probability = doc.RootElement.GetProperty("outputs").EnumerateArray()
            .Single(o => o.GetProperty("name").GetString() == "Probability.output").GetProperty("data")[0].GetSingle();
        Assert.Equal(Samples.BreastCancerRows()[0]!["probability"]!.GetValue<float>(), probability, 1e-5f);
    }

    [Fact]
    public async Task Demo_SecondRunOnSameData_ReusesRegisteredModels()
    {
        await using var first = await ModelplaneProcess.StartAsync("demo");
        await WaitForLineAsync(first, "curl ");
        await first.KillAsync();

        await first.RestartAsync("demo");
        await WaitForLineAsync(first, "already registered");
        var list = await first.CliAsync("models", "show", "breast-cancer", "--json");
        using var doc = JsonDocument.Parse(list.StdOut);
        Assert.Equal(1, doc.RootElement.GetProperty("latestVersion").GetInt32());
    }

    [Fact]
    public async Task Demo_BundledModels_AreProfiledOnTheirTrainingRowsAndMonitored()
    {
        await using var demo = await ModelplaneProcess.StartAsync("demo");
        await WaitForLineAsync(demo, "curl ");

        var drift = await demo.CliAsync("drift", "breast-cancer", "--json");
        using var doc = JsonDocument.Parse(drift.StdOut);
        Assert.True(doc.RootElement.GetProperty("versions")[0].GetProperty("monitored").GetBoolean(), drift.StdOut);
        using var http = demo.CreateHttpClient();
        var reference = await http.GetStringAsync("/api/v1/models/breast-cancer/versions/1/profile", TestContext.Current.CancellationToken);
        using var referenceDoc = JsonDocument.Parse(reference);
        Assert.Equal((455, "label"), (referenceDoc.RootElement.GetProperty("rows").GetInt32(), referenceDoc.RootElement.GetProperty("labelColumn").GetString()));
    }

    private static async Task<string> WaitForLineAsync(ModelplaneProcess process, string text)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.Output.Split('\n').FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line)
            {
                return line.Trim();
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"'{text}' not printed:\n{process.Output}");
    }

    [GeneratedRegex("Bearer \\$\\(cat '(?<token>[^']+)'\\)\" .*-d '(?<body>[^']+)' (?<url>http://\\S+)")]
    private static partial Regex CurlPattern();
}
