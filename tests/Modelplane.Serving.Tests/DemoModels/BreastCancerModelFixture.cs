namespace Modelplane.Serving.Tests.DemoModels;

/// <summary>Loads breast-cancer.onnx once and scores its held-out rows with ONNX Runtime.</summary>
public sealed class BreastCancerModelFixture : IDisposable
{
    public BreastCancerModelFixture()
    {
        Samples = DemoSamples.Load<BinarySample>("breast-cancer");
        Ort = OrtBatch.Run(DemoSamples.ModelPath("breast-cancer"), Samples.Input, [.. Samples.Rows.Select(r => r.Features)]);
    }

    internal SamplesFile<BinarySample> Samples { get; }

    internal OrtBatch Ort { get; }

    public void Dispose() => Ort.Session.Dispose();
}
