using System.Net;
using System.Text.Json;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Cli.Tests.Fakes;

/// <summary>The fake's stand-in for a model: Score is the sum of each row's features, Label is Score &gt; 0; a datatype that differs from the signature is a 400, like the real server's input check.</summary>
internal static class FakeInference
{
    public static HttpResponseMessage Infer(FakeModelplaneServer server, string endpoint, byte[] body)
    {
        if (server.ServedVersion(endpoint) is not { } version)
        {
            return FakeModelplaneServer.Error(HttpStatusCode.NotFound, $"Endpoint '{endpoint}' does not exist.");
        }

        using var request = JsonDocument.Parse(body);
        var input = request.RootElement.GetProperty("inputs")[0];
        var spec = version.Signature.Inputs[0];
        if (input.GetProperty("datatype").GetString() != spec.Datatype)
        {
            return FakeModelplaneServer.Error(HttpStatusCode.BadRequest, $"Input '{spec.Name}' must be {spec.Datatype}.");
        }

        var shape = input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        var values = input.GetProperty("data").EnumerateArray().Select(v => v.ValueKind switch
        {
            JsonValueKind.True => 1.0,
            JsonValueKind.False => 0.0,
            _ => v.GetDouble(),
        }).ToArray();
        var rows = (int)shape[0];
        var width = values.Length / rows;
        var sums = Enumerable.Range(0, rows).Select(r => values.Skip(r * width).Take(width).Sum()).ToArray();

        var response = new OipInferenceResponse(endpoint, $"{version.Version}", null,
        [
            new OipTensor("Score", [rows, 1], "FP64", JsonSerializer.SerializeToElement(sums, JsonContext.Default.DoubleArray)),
            new OipTensor("Label", [rows], "BOOL", JsonSerializer.SerializeToElement(sums.Select(s => s > 0).ToArray(), JsonContext.Default.BooleanArray)),
        ]);
        return FakeModelplaneServer.Ok(response, ModelplaneJsonContext.Default.OipInferenceResponse);
    }
}
