using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime;

namespace Modelplane.Registry.Onnx;

/// <summary>Proves that ONNX Runtime can build a session for the model, from its bytes.</summary>
internal static partial class OnnxRuntimeLoadCheck
{
    public static void Check(byte[] model)
    {
        try
        {
            // From bytes, never a path: ORT then has no directory to resolve anything against.
            using var options = new SessionOptions
            {
                IntraOpNumThreads = 1,
                InterOpNumThreads = 1,
                // The failure is reported through the exception; ORT's own log would only repeat it on stderr.
                LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL,
            };
            using var session = new InferenceSession(model, options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidModelException($"ONNX Runtime cannot load the model: {WithoutPaths(ex.Message)}");
        }
    }

    // ORT messages can carry the source file of the check that failed or a server path; neither
    // belongs in an answer to the uploader.
    internal static string WithoutPaths(string message) =>
        AbsolutePath().Replace(message, "<path>").Trim();

    [GeneratedRegex(@"(?<![\w.)\]])(?:/[\w.\-+@]+){2,}(?::\d+)?|[A-Za-z]:\\[^\s'""]+")]
    private static partial Regex AbsolutePath();
}
