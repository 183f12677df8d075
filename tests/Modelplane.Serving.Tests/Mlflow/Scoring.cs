using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Modelplane.Serving.Mlflow;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Tests.TestModels;

namespace Modelplane.Serving.Tests.Mlflow;

/// <summary>Runs MLflow scoring bodies through a real runner and builds bodies from the lr samples.</summary>
internal static class Scoring
{
    public static JsonDocument Score(IModelRunner runner, string body, MlflowContent content = MlflowContent.Json, ServingOptions? options = null)
    {
        var output = new ArrayBufferWriter<byte>();
        Run(runner, Encoding.UTF8.GetBytes(body), content, output, options ?? new ServingOptions());
        return JsonDocument.Parse(output.WrittenMemory);
    }

    public static void Run(IModelRunner runner, byte[] body, MlflowContent content, IBufferWriter<byte> output, ServingOptions options)
    {
        var pending = runner.InferAsync(new MlflowScoringCodec(new ReadOnlySequence<byte>(body), content, output, options), new InferenceCall("scored"));
        pending.AsTask().GetAwaiter().GetResult();
    }

    public static InferenceRequestException Reject(IModelRunner runner, string body, MlflowContent content = MlflowContent.Json, ServingOptions? options = null) =>
        Assert.Throws<InferenceRequestException>(() => Score(runner, body, content, options).Dispose());

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Row(double[] row) => "[" + string.Join(",", row.Select(Number)) + "]";

    public static string Rows(LrModel lr, int from, int count) => "[" + string.Join(",", lr.Rows.Skip(from).Take(count).Select(Row)) + "]";

    public static string Names(IEnumerable<string> names) => "[" + string.Join(",", names.Select(n => JsonSerializer.Serialize(n))) + "]";

    /// <summary>The lr answers of the OIP path for the same rows: labels and probabilities as the runner computed them.</summary>
    public static (long[] Labels, float[] Probabilities) Oip(LrModel lr, int from, int count)
    {
        using var response = lr.Infer(lr.Request(from, count));
        return (
            [.. LrModel.Output(response, "label").GetProperty("data").EnumerateArray().Select(v => v.GetInt64())],
            [.. LrModel.Output(response, "probability").GetProperty("data").EnumerateArray().Select(v => v.GetSingle())]);
    }

    /// <summary>
    /// Asserts the predictions equal the OIP path's answers: records <c>[{"label": .., "probability": ..}, ...]</c> for
    /// DataFrame input, output arrays <c>{"label": [..], "probability": [[..], ..]}</c> for tensor input.
    /// </summary>
    public static void AssertEqualsOip(LrModel lr, JsonDocument response, int from, int count)
    {
        var (labels, probabilities) = Oip(lr, from, count);
        var predictions = response.RootElement.GetProperty("predictions");
        if (predictions.ValueKind == JsonValueKind.Object)
        {
            Assert.Equal(labels, predictions.GetProperty("label").EnumerateArray().Select(v => v.GetInt64()));
            Assert.Equal(probabilities, predictions.GetProperty("probability").EnumerateArray().Select(
                row => (row.ValueKind == JsonValueKind.Array ? Assert.Single(row.EnumerateArray().ToList()) : row).GetSingle()));
        }
        else
        {
            var records = predictions.EnumerateArray().ToList();
            Assert.Equal(count, records.Count);
            Assert.Equal(labels, records.Select(r => r.GetProperty("label").GetInt64()));
            Assert.Equal(probabilities, records.Select(r => r.GetProperty("probability").GetSingle()));
        }
        Assert.Equal(lr.Labels.Skip(from).Take(count), labels);
    }
}
