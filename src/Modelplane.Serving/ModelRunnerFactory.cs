using Microsoft.Extensions.Options;
using Modelplane.Registry.Models;
using Modelplane.Serving.Execution;
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
    private readonly ExecutionSettings _defaults;

    /// <summary>Creates a factory over the built-in runtimes (ONNX and ML.NET).</summary>
    /// <param name="options">Limits and the default execution settings.</param>
    public ModelRunnerFactory(IOptions<ServingOptions> options)
        : this(options, TimeProvider.System)
    {
    }

    /// <summary>Creates a factory over the built-in runtimes (ONNX and ML.NET) with a clock for statistics.</summary>
    /// <param name="options">Limits and the default execution settings.</param>
    /// <param name="time">Stamps each version's last inference.</param>
    public ModelRunnerFactory(IOptions<ServingOptions> options, TimeProvider time)
        : this([new OnnxModelRuntime(options, time), new MlNetModelRuntime(options, time)], ExecutionSettings.From(options?.Value ?? new ServingOptions()))
    {
    }

    /// <summary>Creates a factory over the given runtimes; the first one registered for a format wins.</summary>
    /// <param name="runtimes">One runtime per format.</param>
    /// <param name="defaults">Execution settings for versions that have none of their own.</param>
    public ModelRunnerFactory(IEnumerable<IModelRuntime> runtimes, ExecutionSettings defaults)
    {
        ArgumentNullException.ThrowIfNull(runtimes);
        ArgumentNullException.ThrowIfNull(defaults);
        _defaults = defaults;
        _runtimes = new Dictionary<string, IModelRuntime>(StringComparer.OrdinalIgnoreCase);
        foreach (var runtime in runtimes)
        {
            _runtimes.TryAdd(runtime.Format, runtime);
        }
    }

    /// <summary>The formats this factory can serve.</summary>
    public IReadOnlyCollection<string> Formats => _runtimes.Keys;

    /// <summary>Execution settings for versions that have none of their own.</summary>
    public ExecutionSettings Defaults => _defaults;

    /// <summary>Loads the verified artifact with the runtime of <see cref="ModelVersion.Format"/>, warms it up and returns the runner.</summary>
    /// <param name="version">The version to serve; its signature is checked against the loaded model.</param>
    /// <param name="artifact">The artifact bytes, already verified against <see cref="ModelVersion.Digest"/>.</param>
    /// <param name="settings">How the version runs; <see cref="Defaults"/> when null.</param>
    /// <returns>A runner that owns the loaded model; dispose it to release native memory.</returns>
    /// <exception cref="NotSupportedException">No runtime serves the version's format.</exception>
    /// <exception cref="InvalidOperationException">The artifact cannot be loaded, disagrees with the signature, or the warm-up failed.</exception>
    public IModelRunner Create(ModelVersion version, byte[] artifact, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(artifact);
        if (!_runtimes.TryGetValue(version.Format, out var runtime))
        {
            throw new NotSupportedException(
                $"{version.Model}@{version.Version} has format '{version.Format}'; this server serves {string.Join(", ", _runtimes.Keys)}.");
        }

        return runtime.Create(version, artifact, settings ?? _defaults);
    }
}
