using Microsoft.ML;
using Microsoft.ML.Data;
using Modelplane.Registry.Formats.MlNet;
using Modelplane.Registry.Models;
using Modelplane.Serving.Tests.DemoModels;
using Modelplane.Serving.Tests.TestModels;

namespace Modelplane.Serving.Tests.MlNet;

/// <summary>samples/mlnet/breast-cancer.zip served by the ML.NET runtime, and ML.NET's own scores for the held-out rows.</summary>
public sealed class BreastCancerMlNetFixture : IDisposable
{
    public BreastCancerMlNetFixture()
    {
        Artifact = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "samples", "mlnet", "breast-cancer.zip"));
        Samples = DemoSamples.Load<BinarySample>("breast-cancer");
        var ml = new MLContext(seed: 0);
        var model = ml.Model.Load(new MemoryStream(Artifact), out var inputSchema);
        Version = new ModelVersion(
            "bc-mlnet", 1, new string('b', 64), Artifact.Length, "mlnet", MlNetSignatureReader.Read(model, inputSchema),
            null, new Dictionary<string, string>(), new Dictionary<string, double>(), DateTimeOffset.UnixEpoch);

        var definition = SchemaDefinition.Create(typeof(FeaturesRow));
        definition["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 30);
        var scored = model.Transform(ml.Data.LoadFromEnumerable(Samples.Rows.Select(r => new FeaturesRow { Features = r.Features }), definition));
        Probabilities = [.. scored.GetColumn<float>("Probability")];
        Scores = [.. scored.GetColumn<float>("Score")];
        Labels = [.. scored.GetColumn<bool>("PredictedLabel")];
        Runner = LrModel.NewFactory().Create(Version, Artifact);
    }

    public byte[] Artifact { get; }

    public ModelVersion Version { get; }

    internal SamplesFile<BinarySample> Samples { get; }

    /// <summary>ML.NET's own Transform over the held-out rows.</summary>
    public float[] Probabilities { get; }

    public float[] Scores { get; }

    public bool[] Labels { get; }

    public IModelRunner Runner { get; }

    public string Request(int from, int count)
    {
        var data = string.Join(",", Samples.Rows.Skip(from).Take(count).SelectMany(r => r.Features).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        return $$"""{"id":"r1","inputs":[{"name":"Features","shape":[{{count}},30],"datatype":"FP32","data":[{{data}}]}]}""";
    }

    public void Dispose() => Runner.Dispose();

    // ML.NET binds rows by reflection, so the type needs a public settable member.
    public sealed class FeaturesRow
    {
        public float[] Features { get; set; } = [];
    }
}
