using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Modelplane.Server.Tests.Governance;

/// <summary>
/// 10,000 generated malformed requests (bad JSON, wrong types, deep nesting, huge numbers, bodies over the limits,
/// random bytes) against every management, OIP and MLflow route that takes a body, as an admin so they reach the
/// handlers: no 5xx, the server still ready afterwards, and memory bounded.
/// </summary>
[Collection(nameof(RunsAlone))]
public sealed class RequestFuzzTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private const int Requests = 10_000;
    private const string Model = "fuzz-model";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TenThousandMalformedRequests_NoServerErrorAndStillReady()
    {
        await app.PushAsync(Model, TestModels.Linear3());
        await app.CreateEndpointAsync(Model, Model, 1);
        var routes = BodyRoutes();
        var random = new Random(20261128);
        using var client = app.CreateClient();
        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);

        for (var i = 0; i < Requests; i++)
        {
            var (method, path) = routes[random.Next(routes.Count)];
            var (body, kind) = Body(random);
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new(random.Next(4) == 0 ? "application/octet-stream" : "application/json");
            using var response = await client.SendAsync(request, Ct);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status >= 500 && failures.Count < 20)
            {
                failures.Add($"{method} {path} ({kind}): {status} {await response.Content.ReadAsStringAsync(Ct)}");
            }
        }

        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{routes.Count} routes; statuses {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}; heap {heapBefore >> 20} -> {heapAfter >> 20} MiB");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v2/health/ready", Ct)).StatusCode);
        Assert.True(heapAfter - heapBefore < 64L << 20, $"managed heap grew from {heapBefore >> 20} to {heapAfter >> 20} MiB");
        Assert.True(statuses.Keys.Count(s => s is >= 400 and < 500) >= 3, "the generator should provoke several kinds of 4xx");
    }

    /// <summary>Every route that takes a body, its parameters filled with an existing model, version and endpoint.</summary>
    private List<(string Method, string Path)> BodyRoutes() =>
        [.. app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => !e.RoutePattern.RawText!.Contains("GRPCInferenceService", StringComparison.Ordinal) && !e.RoutePattern.RawText.Contains("unimplemented", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Where(m => m is "POST" or "PUT" or "PATCH")
                .Select(m => (m, Fill(e.RoutePattern.RawText!))))
            // Routes that act without reading a body (unload, purge, restore, rotate) would legitimately take the fuzz model
            // out of service (503 "unloaded"); they get the same garbage aimed at a name that does not exist.
            .Select(r => BodyIgnored(r.Item2) ? (r.m, r.Item2.Replace(Model, "fuzz-other", StringComparison.Ordinal)) : r)
            .Distinct()];

    private static readonly string[] ActsWithoutBody = ["/repository/", "purge", "restore", "tokens/"];

    private static bool BodyIgnored(string path) => ActsWithoutBody.Any(p => path.Contains(p, StringComparison.Ordinal));

    private static string Fill(string pattern)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(pattern, @"\{\*\*?(\w+)[^}]*\}", "fuzz/file.bin");
        path = System.Text.RegularExpressions.Regex.Replace(path, @"\{(\w+)[^}]*\}", m => m.Groups[1].Value switch
        {
            "version" => "1",
            _ => Model,
        });
        return path.StartsWith('/') ? path : "/" + path;
    }

    private static (byte[] Body, string Kind) Body(Random random)
    {
        switch (random.Next(9))
        {
            case 0:
                return (Encoding.UTF8.GetBytes(Truncate("""{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","data":[1,2,3]}],"name":"a"}""", random)), "truncated JSON");
            case 1:
                return (Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)), "deep arrays");
            case 2:
                return (Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 3000)) + "1" + new string('}', 3000)), "deep objects");
            case 3:
                return (Encoding.UTF8.GetBytes(
                    $$"""{"name":{{Pick(random)}},"version":{{Pick(random)}},"value":{{Pick(random)}},"role":{{Pick(random)}},"inputs":{{Pick(random)}},"status":{{Pick(random)}}}"""), "wrong types");
            case 4:
                return (Encoding.UTF8.GetBytes("""{"version":1e400,"max_concurrency":99999999999999999999999,"inputs":[{"name":"x","shape":[9223372036854775807,3],"datatype":"FP32","data":[1]}]}"""), "huge numbers");
            case 5:
                var big = new byte[(1 << 20) + 1 + random.Next(1 << 20)];
                Array.Fill(big, (byte)' ');
                big[0] = (byte)'{';
                return (big, "over the 1 MiB limit");
            case 6:
                var noise = new byte[random.Next(1, 4096)];
                random.NextBytes(noise);
                return (noise, "random bytes");
            case 7:
                return ([0xEF, 0xBB, 0xBF, 0xFF, 0xFE, (byte)'{', 0xC3, 0x28, (byte)'}'], "invalid UTF-8");
            default:
                return ([], "empty");
        }
    }

    private static string Truncate(string json, Random random) => json[..random.Next(1, json.Length)];

    private static string Pick(Random random) => random.Next(8) switch
    {
        0 => "null",
        1 => "true",
        2 => "[]",
        3 => "{}",
        4 => "-1",
        5 => "\"\"",
        6 => "\"" + new string('x', 10_000) + "\"",
        _ => "1.5",
    };
}

/// <summary>
/// Tests that measure this process's memory, or starve its thread pool, run with no other test beside them: the
/// managed heap and the pool are shared, and another test's allocations (or its waits) would be counted as theirs.
/// </summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;
