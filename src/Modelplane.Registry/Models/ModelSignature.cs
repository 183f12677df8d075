namespace Modelplane.Registry.Models;

/// <summary>The inputs and outputs of a model version, read from its graph at registration.</summary>
public sealed record ModelSignature(IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs);
