using Modelplane.Registry.Monitoring;

namespace Modelplane.Serving.Monitoring;

// Placeholder of the layout types until the profiling work lands (same shapes).

/// <summary>Where one feature's (or output's) value sits in a request.</summary>
/// <param name="Name">The feature's name.</param>
/// <param name="Kind">Numeric or categorical.</param>
/// <param name="Tensor">The input's (or output's) index in signature order.</param>
/// <param name="Column">Which of the row's values in that tensor.</param>
/// <param name="Width">Values per row in that tensor.</param>
public readonly record struct FeatureSlot(string Name, FeatureKind Kind, int Tensor, int Column, int Width);

/// <summary>The output holding class probabilities.</summary>
/// <param name="Output">The output's index in signature order.</param>
/// <param name="Width">Values per row: 2 or more for multi-class.</param>
/// <param name="Binary">One column, the positive class's probability.</param>
public sealed record ProbabilitySource(int Output, int Width, bool Binary);
