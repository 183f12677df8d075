namespace Modelplane.DemoModels.Output;

/// <summary>
/// The contents of <c>&lt;model&gt;.model.json</c>: what the demo passes to
/// <c>modelplane models push</c> as description, <c>--metric</c> and <c>--tag</c> values.
/// </summary>
internal sealed record ModelCard(
    string Name,
    string Description,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, string> Tags);
