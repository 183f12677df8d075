namespace Modelplane.DemoModels.Output;

/// <summary>A trained and exported demo model, ready to be written to the samples folder.</summary>
/// <param name="Name">File stem and registry name, e.g. <c>breast-cancer</c>.</param>
/// <param name="Onnx">The exported ONNX graph.</param>
/// <param name="Samples">The <c>.samples.json</c> document.</param>
/// <param name="Card">The <c>.model.json</c> document.</param>
/// <param name="MlNetZip">The same fitted pipeline saved with <c>mlContext.Model.Save</c>, if this model ships one.</param>
internal sealed record DemoModel(string Name, byte[] Onnx, object Samples, ModelCard Card, byte[]? MlNetZip = null);
