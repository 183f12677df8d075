namespace Modelplane.Registry.Models;

/// <summary>Name, element type and shape of one model input or output, as declared by the model graph.</summary>
/// <param name="Name">The tensor name in the graph.</param>
/// <param name="ElementType">The element type.</param>
/// <param name="Shape">Dimensions in order; <c>-1</c> marks a dynamic dimension.</param>
/// <param name="DimensionNames">Symbolic names of dynamic dimensions (for example <c>N</c>), or null where a dimension is fixed or unnamed.</param>
public sealed record TensorSpec(
    string Name,
    TensorElementType ElementType,
    IReadOnlyList<long> Shape,
    IReadOnlyList<string?>? DimensionNames = null)
{
    /// <summary>Marks a dimension whose size is decided per request.</summary>
    public const long DynamicDimension = -1;
}
