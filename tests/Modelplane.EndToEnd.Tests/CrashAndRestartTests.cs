using System.Net;
using System.Text;
using System.Text.Json;
using Modelplane.Testing.Streams;

namespace Modelplane.EndToEnd.Tests;

/// <summary>What was acknowledged survives a kill -9; what was interrupted leaves nothing behind.</summary>
public sealed class CrashAndRestartTests
{
    [Fact]
    public async Task Kill9ThenRestart_KeepsVersionsAndEndpointsAndServesSamePrediction()
    {
        await using var server = await ModelplaneProcess.StartAsync();
        await server.CliAsync("models", "push", "bc", Samples.BreastCancerOnnx);
        await server.CliAsync("endpoints", "create", "bc", "--model", "bc@1");
        var before = await PredictAsync(server);

        await server.KillAsync();
        await server.RestartAsync();

        Assert.Equal(before, await PredictAsync(server));
        var list = await server.CliAsync("models", "list", "--json");
        Assert.Contains("\"bc\"", list.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushInterruptedMidway_LeavesNoVersionNoBlobAndNoTempFile()
    {
        await using var server = await ModelplaneProcess.StartAsync();
        using var http = server.CreateHttpClient();
        var model = await File.ReadAllBytesAsync(Samples.BreastCancerOnnx, TestContext.Current.CancellationToken);

        using var content = new StreamContent(new ThrowingStream(model, model.Length / 2));
        content.Headers.ContentLength = model.Length;
        await Assert.ThrowsAnyAsync<Exception>(() => http.PostAsync("/api/v1/models/half/versions", content, TestContext.Current.CancellationToken));

        // The server notices the broken upload asynchronously; give it a moment, then look.
        await Task.Delay(500, TestContext.Current.CancellationToken);
        using var get = await http.GetAsync("/api/v1/models/half", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        var stored = Directory.EnumerateFiles(server.DataDirectory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(server.DataDirectory, f)).ToList();
        Assert.DoesNotContain(stored, f => f.StartsWith("blobs/", StringComparison.Ordinal) || f.StartsWith("tmp/", StringComparison.Ordinal));
        Assert.Contains("modelplane.db", stored);
    }

    private static async Task<string> PredictAsync(ModelplaneProcess server)
    {
        using var http = server.CreateHttpClient();
        var body = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "breast-cancer-1row.json"));
        using var response = await http.PostAsync("/v2/models/bc/infer", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("outputs").GetRawText();
    }
}
