using Modelplane.Registry.Models;
using Modelplane.Serving.Execution;

namespace Modelplane.Serving;

/// <summary>Loads model versions of one artifact format into runners; one implementation per format.</summary>
/// <remarks>Register implementations with <c>TryAddEnumerable</c>; <see cref="ModelRunnerFactory"/> picks by <see cref="ModelVersion.Format"/>.</remarks>
public interface IModelRuntime
{
    /// <summary>The format this runtime serves, as stored on the version (e.g. <c>onnx</c>, <c>mlnet</c>).</summary>
    string Format { get; }

    /// <summary>Loads the verified artifact bytes with <paramref name="settings"/>, warms the model up and returns a runner that owns it.</summary>
    /// <exception cref="InvalidOperationException">The artifact cannot be loaded, disagrees with the signature, or the warm-up failed.</exception>
    IModelRunner Create(ModelVersion version, byte[] artifact, ExecutionSettings settings);
}
