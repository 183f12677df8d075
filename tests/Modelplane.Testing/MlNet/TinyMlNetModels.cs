using Microsoft.ML;
using Microsoft.ML.Data;

namespace Modelplane.Testing.MlNet;

/// <summary>Small ML.NET pipelines trained on the fly, saved with mlContext.Model.Save, for the signature mapping.</summary>
public static class TinyMlNetModels
{
    /// <summary>Regression on a scalar Single column <c>X</c> and a scalar Boolean <c>Flag</c>.</summary>
    public static byte[] ScalarRegression()
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 40).Select(i => new ScalarRow { X = i, Flag = i % 2 == 0, Label = 2f * i + 1 });
        var data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.Conversion.ConvertType("FlagF", "Flag", DataKind.Single)
            .Append(ml.Transforms.Concatenate("Features", "X", "FlagF"))
            .Append(ml.Regression.Trainers.Sdca(maximumNumberOfIterations: 5));
        var model = pipeline.Fit(data);
        return Save(ml, model, ml.Data.LoadFromEnumerable(rows.Select(r => new ScalarInput { X = r.X, Flag = r.Flag })).Schema);
    }

    /// <summary>Three classes over a 2-vector <c>Features</c>: PredictedLabel is a key, Score a 3-vector.</summary>
    public static byte[] Multiclass()
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 60).Select(i => new VectorRow { Features = [i % 3, (i % 3) * 2f + 0.1f * (i % 5)], Label = (i % 3).ToString() }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows, VectorSchema<VectorRow>());
        var keyed = ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);
        // Only the trainer is saved, so the model's input schema is Features alone (no Label to send).
        var model = ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(maximumNumberOfIterations: 100).Fit(keyed);
        var featuresOnly = ml.Data.LoadFromEnumerable(rows.Select(r => new VectorInput { Features = r.Features }), VectorSchema<VectorInput>());
        return Save(ml, model, featuresOnly.Schema);
    }

    /// <summary>A text classifier: its input is a Text column, which Modelplane cannot serve.</summary>
    public static byte[] TextInput()
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 20).Select(i => new TextRow { Text = i % 2 == 0 ? "good day" : "bad day", Label = i % 2 == 0 });
        var model = ml.Transforms.Text.FeaturizeText("Features", "Text")
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 5))
            .Fit(ml.Data.LoadFromEnumerable(rows));
        return Save(ml, model, ml.Data.LoadFromEnumerable(rows.Select(r => new TextInputRow { Text = r.Text })).Schema);
    }

    private static byte[] Save(MLContext ml, ITransformer model, DataViewSchema inputSchema)
    {
        using var stream = new MemoryStream();
        ml.Model.Save(model, inputSchema, stream);
        return stream.ToArray();
    }

    private static SchemaDefinition VectorSchema<T>()
    {
        var schema = SchemaDefinition.Create(typeof(T));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 2);
        return schema;
    }

    // ML.NET binds these by reflection, so they need public settable members.
    public sealed class ScalarInput
    {
        public float X { get; set; }

        public bool Flag { get; set; }
    }

    public sealed class ScalarRow
    {
        public float X { get; set; }

        public bool Flag { get; set; }

        public float Label { get; set; }
    }

    public sealed class VectorInput
    {
        public float[] Features { get; set; } = [];
    }

    public sealed class VectorRow
    {
        public float[] Features { get; set; } = [];

        public string Label { get; set; } = "";
    }

    public sealed class TextInputRow
    {
        public string Text { get; set; } = "";
    }

    public sealed class TextRow
    {
        public string Text { get; set; } = "";

        public bool Label { get; set; }
    }
}
