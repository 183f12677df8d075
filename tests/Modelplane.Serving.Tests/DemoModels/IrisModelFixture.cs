namespace Modelplane.Serving.Tests.DemoModels;

/// <summary>Loads iris.onnx once and scores its held-out rows with ONNX Runtime.</summary>
public sealed class IrisModelFixture : IDisposable
{
    public IrisModelFixture()
    {
        Samples = DemoSamples.Load<MulticlassSample>("iris");
        Ort = OrtBatch.Run(DemoSamples.ModelPath("iris"), Samples.Input, [.. Samples.Rows.Select(r => r.Features)]);
    }

    internal SamplesFile<MulticlassSample> Samples { get; }

    internal OrtBatch Ort { get; }

    public void Dispose() => Ort.Session.Dispose();
}
