using System.Security.Cryptography;
using System.Text;
using Modelplane.Registry.Models;

namespace Modelplane.Registry.Tests.Storage;

internal static class StoreTestData
{
    public static ModelSignature Signature { get; } = new(
        [new TensorSpec("features", TensorElementType.Float32, [TensorSpec.DynamicDimension, 4], ["N", null])],
        [new TensorSpec("label", TensorElementType.Int64, [TensorSpec.DynamicDimension])]);

    public static string DigestOf(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static NewModelVersion NewVersion(string model, string content = "weights") => new(
        model,
        DigestOf(content),
        content.Length,
        "onnx",
        Signature,
        $"{model} trained on {content}",
        new Dictionary<string, string> { ["team"] = "risk", ["dataset"] = "train.csv" },
        new Dictionary<string, double> { ["auc"] = 0.91, ["loss"] = 0.125 });
}
