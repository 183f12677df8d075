// Rebuilds samples/models (and the ML.NET zips in samples/mlnet) from samples/data:
//   dotnet run --project tools/Modelplane.DemoModels -- [--samples DIR]
using Microsoft.ML;
using Modelplane.DemoModels;
using Modelplane.DemoModels.Data;
using Modelplane.DemoModels.Output;
using Modelplane.DemoModels.Training;

var samples = args switch
{
    [] => SamplesDirectory.Find(Environment.CurrentDirectory),
    ["--samples", var dir] => Path.GetFullPath(dir),
    _ => null,
};
if (samples is null || !Directory.Exists(Path.Combine(samples, "data")))
{
    Console.Error.WriteLine("usage: Modelplane.DemoModels [--samples DIR]  (DIR must contain data/; default: the nearest samples/ above the current directory)");
    return 2;
}

var data = Path.Combine(samples, "data");
var models = Path.Combine(samples, "models");
var mlnet = Path.Combine(samples, "mlnet");

DemoModel[] built =
[
    BreastCancerModel.Build(new MLContext(seed: 1), LabeledCsv.Load(Path.Combine(data, "breast_cancer.csv"))),
    IrisModel.Build(new MLContext(seed: 1), LabeledCsv.Load(Path.Combine(data, "iris.csv"))),
];

foreach (var model in built)
{
    var metrics = string.Join(", ", model.Card.Metrics.Select(m => $"{m.Key}={m.Value}"));
    Console.WriteLine($"{model.Name}: {metrics}");
    foreach (var file in DemoModelWriter.Write(model, models, mlnet))
    {
        Console.WriteLine($"  wrote {Path.GetRelativePath(Environment.CurrentDirectory, file)}");
    }
}

return 0;
