using Modelplane.Testing.Onnx;

namespace Modelplane.Server.Tests;

/// <summary>Small real ONNX models whose outputs are exactly computable by hand.</summary>
internal static class TestModels
{
    /// <summary><c>y = x·[1,2,3] + bias</c>: input <c>x</c> FP32 [N,3], output <c>y</c> FP32 [N,1].</summary>
    public static byte[] Linear3(float bias = 0.5f) => OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], bias).Build();

    /// <summary>
    /// A model of about 4 MB: <c>y = x·W + b</c> with a <paramref name="features"/> x <paramref name="features"/> float
    /// weight (input <c>x</c> FP32 [N,features]); big enough that its load and unload show in the process's memory.
    /// </summary>
    public static byte[] Wide(int features = 1000, float bias = 0f) =>
        OnnxModelBuilder.Linear("x", features, new float[features * features], [.. Enumerable.Repeat(bias, features)]).Build();

    /// <summary>A one-row request of ones for <see cref="Wide"/>; the prediction in every column is the bias.</summary>
    public static string WideRequest(int features = 1000) =>
        $$"""{"inputs":[{"name":"x","shape":[1,{{features}}],"datatype":"FP32","data":[{{string.Join(",", Enumerable.Repeat("1", features))}}]}]}""";

    /// <summary>A request body for <see cref="Linear3"/> with the given rows.</summary>
    public static string Request(params float[][] rows) =>
        $$"""{"inputs":[{"name":"x","shape":[{{rows.Length}},3],"datatype":"FP32","data":[{{string.Join(",", rows.SelectMany(r => r).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)))}}]}]}""";

    /// <summary>A unique model or endpoint name per test, so tests can share one server.</summary>
    public static string UniqueName(string prefix = "m") => $"{prefix}-{Guid.NewGuid():N}"[..20];
}
