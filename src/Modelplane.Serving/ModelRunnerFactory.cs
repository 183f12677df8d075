using Microsoft.Extensions.Options;
using Modelplane.Registry.Models;
using Modelplane.Serving.MlNet;
using Modelplane.Serving.Onnx;

namespace Modelplane.Serving;

/// <summary>
/// Creates an <see cref="IModelRunner"/> per model version by handing it to the <see cref="IModelRuntime"/> of the
/// version's format; register once with <c>AddModelServing()</c>.
/// </summary>
public sealed class ModelRunnerFactory
{
    private readonly Dictionary<string, IModelRuntime> _runtimes;

    /// <summary>Creates a factory over the built-in runtimes (ONNX and ML.NET).</summary>
    /// <param name="options">Limits and ONNX Runtime thread settings.</param>
    public ModelRunnerFactory(IOptions<ServingOptions> options)
        : this([new OnnxModelRuntime(options), new MlNetModelRuntime(options)])
    {
    }

    /// <summary>Creates a factory over the given runtimes; the first one registered for a format wins.</summary>
    /// <param name="runtimes">One runtime per format.</param>
    public ModelRunnerFactory(IEnumerable<IModelRuntime> runtimes)
    {
        ArgumentNullException.ThrowIfNull(runtimes);
        _runtimes = new Dictionary<string, IModelRuntime>(StringComparer.OrdinalIgnoreCase);
        foreach (var runtime in runtimes)
        {
            _runtimes.TryAdd(runtime.Format, runtime);
        }
    }

    /// <summary>The formats this factory can serve.</summary>
    public IReadOnlyCollection<string> Formats => _runtimes.Keys;

    /// <summary>Loads the verified artifact with the runtime of <see cref="ModelVersion.Format"/>, warms it up and returns the runner.</summary>
    /// <param name="version">The version to serve; its signature is checked against the loaded model.</param>
    /// <param name="artifact">The artifact bytes, already verified against <see cref="ModelVersion.Digest"/>.</param>
    /// <returns>A runner that owns the loaded model; dispose it to release native memory.</returns>
    /// <exception cref="NotSupportedException">No runtime serves the version's format.</exception>
    /// <exception cref="InvalidOperationException">The artifact cannot be loaded, disagrees with the signature, or the warm-up failed.</exception>
    public IModelRunner Create(ModelVersion version, byte[] artifact)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(artifact);
        if (!_runtimes.TryGetValue(version.Format, out var runtime))
        {
            throw new NotSupportedException(
                $"{version.Model}@{version.Version} has format '{version.Format}'; this server serves {string.Join(", ", _runtimes.Keys)}.");
        }

        return runtime.Create(version, artifact);
    }
}
