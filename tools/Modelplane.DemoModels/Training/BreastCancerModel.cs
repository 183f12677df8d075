using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Modelplane.DemoModels.Data;
using Modelplane.DemoModels.Output;

namespace Modelplane.DemoModels.Training;

/// <summary>Binary classifier on breast_cancer.csv: min-max scaling then L-BFGS logistic regression.</summary>
internal static class BreastCancerModel
{
    public const string Name = "breast-cancer";

    public static DemoModel Build(MLContext ml, LabeledCsv data)
    {
        var features = data.FeatureCount;
        var (train, test) = data.Split(DemoConventions.HoldOutEvery);

        // One thread keeps L-BFGS's floating-point sums in a fixed order, so rebuilding gives the same model.
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(
            new LbfgsLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1 });
        var model = ml.Transforms.NormalizeMinMax("Features").Append(trainer).Fit(DataViews.Binary(ml, train, features));

        var scored = model.Transform(DataViews.Binary(ml, test, features));
        var metrics = ml.BinaryClassification.Evaluate(scored);
        var predicted = scored.GetColumn<bool>("PredictedLabel").ToArray();
        var probability = scored.GetColumn<float>("Probability").ToArray();
        var score = scored.GetColumn<float>("Score").ToArray();
        var rows = test.Select((r, i) => new BinarySample(r.Features, r.Label, predicted[i] ? 1 : 0, probability[i], score[i])).ToArray();

        string[] outputs = ["PredictedLabel", "Score", "Probability"];
        var featuresOnly = DataViews.FeaturesOnly(ml, test, features);
        var onnx = OnnxExport.ToOnnx(ml, model, featuresOnly, outputs);
        var zip = MlNetExport.ToZip(ml, model, featuresOnly.Schema);

        var metricValues = new Dictionary<string, double>
        {
            ["accuracy"] = Math.Round(metrics.Accuracy, 4),
            ["auc"] = Math.Round(metrics.AreaUnderRocCurve, 4),
        };
        var samples = new SamplesFile<BinarySample>(
            Name,
            "binary-classification",
            "samples/data/breast_cancer.csv",
            DemoConventions.HeldOutDescription(test.Length, data.Rows.Count),
            OnnxExport.Input,
            [.. outputs.Select(OnnxExport.OutputName)],
            FeatureNames.BreastCancer,
            data.ClassNames,
            metricValues,
            rows);
        var card = new ModelCard(
            Name,
            "Breast cancer diagnosis (Wisconsin, 30 features): probability that a tumour is benign (class 1). "
            + "ML.NET min-max scaling + L-BFGS logistic regression.",
            metricValues,
            DemoConventions.Tags("binary-classification", "breast_cancer", "LbfgsLogisticRegression"));
        return new DemoModel(Name, onnx, samples, card, zip);
    }
}
