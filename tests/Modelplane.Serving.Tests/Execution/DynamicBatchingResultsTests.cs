using System.Text.Json;
using Modelplane.Serving.Tests.TestModels;
using static Modelplane.Serving.Tests.Execution.BatchingHarness;

namespace Modelplane.Serving.Tests.Execution;

/// <summary>Batched answers are the answers each request would have had alone (real ONNX Runtime, real clock).</summary>
public sealed class DynamicBatchingResultsTests(LrModel lr)
{
    [Fact]
    public async Task InferAsync_LrSingleRowsBatched_EqualUnbatched()
    {
        using var batched = Create(LrModel.Version, lr.Artifact, Batching(32, 20), realTime: true);

        var responses = await Task.WhenAll(Enumerable.Range(0, 32).Select(r => batched.SendAsync(lr.Request(r, 1))));

        Assert.Contains(batched.Runner.Statistics.Batches, b => b.BatchSize > 1);
        for (var r = 0; r < responses.Length; r++)
        {
            using var alone = lr.Infer(lr.Request(r, 1));
            Assert.Equal(Output(alone, "label").GetRawText(), Output(responses[r], "label").GetRawText());
            Assert.Equal(Floats(alone, "probability"), Floats(responses[r], "probability"));
            responses[r].Dispose();
        }
    }

    [Fact]
    public async Task InferAsync_MlpSingleRowsBatched_EqualUnbatched()
    {
        using var batched = Create(Mlp, MlpArtifact, Batching(16, 20), realTime: true);
        using var unbatched = Create(Mlp, MlpArtifact, null, realTime: true);
        var rows = RandomRows(32);

        var responses = await Task.WhenAll(rows.Select(row => batched.SendAsync(Request([row]))));

        Assert.Contains(batched.Runner.Statistics.Batches, b => b.BatchSize > 1);
        for (var r = 0; r < rows.Length; r++)
        {
            using var alone = await unbatched.SendAsync(Request([rows[r]]));
            var expected = Floats(alone, "probabilities");
            var actual = Floats(responses[r], "probabilities");
            Assert.Equal(2, actual.Length);
            for (var k = 0; k < expected.Length; k++)
            {
                // A batch runs as a matrix product instead of a vector product, which may round the last bit differently.
                Assert.Equal(expected[k], actual[k], 1e-6f);
            }

            responses[r].Dispose();
        }
    }

    [Fact]
    public async Task InferAsync_ConcurrentMixedRowCounts_EachGetsItsOwnRows()
    {
        using var batched = Create(Mlp, MlpArtifact, Batching(8, 20), realTime: true);
        using var unbatched = Create(Mlp, MlpArtifact, null, realTime: true);
        var rows = RandomRows(60, seed: 11);
        var requests = new List<(string Id, string Json)>();
        for (int start = 0, n = 0; start < rows.Length; n++)
        {
            var count = Math.Min(1 + (n % 4), rows.Length - start);
            requests.Add(($"r{n}", Request(rows.Skip(start).Take(count), $"r{n}")));
            start += count;
        }

        var responses = await Task.WhenAll(requests.Select(r => batched.SendAsync(r.Json)));

        Assert.True(batched.Runner.Statistics.ExecutionCount - 1 < requests.Count, "some requests should have shared a batch");
        for (var i = 0; i < requests.Count; i++)
        {
            using var alone = await unbatched.SendAsync(requests[i].Json);
            Assert.Equal(requests[i].Id, responses[i].RootElement.GetProperty("id").GetString());
            Assert.Equal(Shape(alone), Shape(responses[i]));
            var expected = Floats(alone, "probabilities");
            var actual = Floats(responses[i], "probabilities");
            Assert.Equal(expected.Length, actual.Length);
            for (var k = 0; k < expected.Length; k++)
            {
                Assert.Equal(expected[k], actual[k], 1e-6f);
            }

            responses[i].Dispose();
        }
    }

    private static JsonElement Output(JsonDocument response, string name) => LrModel.Output(response, name);

    private static string Shape(JsonDocument response) => Output(response, "probabilities").GetProperty("shape").GetRawText();
}
