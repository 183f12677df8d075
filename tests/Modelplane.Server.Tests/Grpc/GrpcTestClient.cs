using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Modelplane.Server.Grpc.Protocol;
using Modelplane.Testing.Http;

namespace Modelplane.Server.Tests.Grpc;

/// <summary>A gRPC client (generated from the server's proto) over the in-memory test host, and request builders.</summary>
internal static class GrpcTestClient
{
    public static GRPCInferenceService.GRPCInferenceServiceClient Create(ModelplaneAppFactory app)
    {
        var channel = GrpcChannel.ForAddress(app.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = new BearerTokenHandler(app.AdminToken, app.Server.CreateHandler()) });
        return new GRPCInferenceService.GRPCInferenceServiceClient(channel);
    }

    /// <summary>Rows for <see cref="TestModels.Linear3"/> (input <c>x</c>, FP32 [N,3]) as typed contents.</summary>
    public static ModelInferRequest Linear3(string model, params float[][] rows)
    {
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "x", Datatype = "FP32", Shape = { rows.Length, 3 }, Contents = new() };
        input.Contents.Fp32Contents.AddRange(rows.SelectMany(r => r));
        return new ModelInferRequest { ModelName = model, Inputs = { input } };
    }

    /// <summary>Little-endian bytes of <paramref name="values"/>, as raw_input_contents carries them.</summary>
    public static ByteString Raw(params float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return ByteString.CopyFrom(bytes);
    }

    /// <summary>The raw output <paramref name="name"/> of <paramref name="response"/> as <typeparamref name="T"/> values.</summary>
    public static T[] Output<T>(ModelInferResponse response, string name)
        where T : unmanaged
    {
        var position = response.Outputs.ToList().FindIndex(o => o.Name == name);
        Assert.True(position >= 0, $"no output '{name}'");
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, T>(response.RawOutputContents[position].Span).ToArray();
    }

    /// <summary>Asserts that <paramref name="call"/> fails with <paramref name="code"/> and a message containing <paramref name="message"/>.</summary>
    public static async Task<RpcException> FailsAsync(StatusCode code, string message, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, error.StatusCode);
        Assert.Contains(message, error.Status.Detail, StringComparison.Ordinal);
        return error;
    }
}

/// <summary>lr.onnx (30 features, outputs label INT64 [N] and probability FP32 [N,1]) with held-out rows and scikit-learn's answers.</summary>
internal static class LrSamples
{
    private static readonly Lazy<(byte[] Model, float[][] Rows, long[] Labels, double[] Probabilities)> Data = new(Load);

    public static byte[] Model => Data.Value.Model;

    public static float[][] Rows => Data.Value.Rows;

    public static long[] Labels => Data.Value.Labels;

    public static double[] Probabilities => Data.Value.Probabilities;

    private static (byte[], float[][], long[], double[]) Load()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestData");
        using var samples = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "samples.json")));
        var lr = samples.RootElement.GetProperty("models").GetProperty("lr");
        return (
            File.ReadAllBytes(Path.Combine(folder, "lr.onnx")),
            [.. samples.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray())],
            [.. lr.GetProperty("labels").EnumerateArray().Select(v => v.GetInt64())],
            [.. lr.GetProperty("probabilities").EnumerateArray().Select(v => v.GetDouble())]);
    }
}
