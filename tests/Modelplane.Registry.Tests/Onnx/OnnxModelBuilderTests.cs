using Microsoft.ML.OnnxRuntime;
using Modelplane.Testing.Onnx;

namespace Modelplane.Registry.Tests.Onnx;

public sealed class OnnxModelBuilderTests
{
    [Fact]
    public void Linear_RunInOnnxRuntime_ComputesXTimesWPlusB()
    {
        float[] weights = [1f, -2f, 0.5f, 3f, -1.5f, 4f];   // [3 features, 2 outputs], row-major
        float[] bias = [0.25f, -1f];
        float[] rows = [1f, 2f, 3f, -4f, 0.5f, 8f];          // 2 rows of 3 features
        var bytes = OnnxModelBuilder.Linear("x", 3, weights, bias).Build();

        using var session = new InferenceSession(bytes);
        using var input = OrtValue.CreateTensorValueFromMemory(rows, [2, 3]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["x"], [input], ["y"]);

        Assert.Equal([2L, 2L], outputs[0].GetTensorTypeAndShape().Shape);
        Assert.Equal(Expected(rows, weights, bias, features: 3), outputs[0].GetTensorDataAsSpan<float>().ToArray());
    }

    [Fact]
    public void Linear_WeightCountNotFeaturesTimesOutputs_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => OnnxModelBuilder.Linear("x", 3, [1f, 2f], [0f]));

        Assert.Equal("weights", error.ParamName);
    }

    private static float[] Expected(float[] rows, float[] weights, float[] bias, int features)
    {
        var outputs = bias.Length;
        var result = new float[rows.Length / features * outputs];
        for (var r = 0; r < rows.Length / features; r++)
        {
            for (var o = 0; o < outputs; o++)
            {
                var sum = (double)bias[o];
                for (var f = 0; f < features; f++)
                {
                    sum += rows[(r * features) + f] * weights[(f * outputs) + o];
                }

                result[(r * outputs) + o] = (float)sum;
            }
        }

        return result;
    }
}
