using Microsoft.ML;
using Microsoft.ML.Data;

namespace Modelplane.DemoModels.Data;

/// <summary>Turns in-memory rows into ML.NET data views with a fixed-size <c>Features</c> vector.</summary>
internal static class DataViews
{
    public static IDataView Binary(MLContext ml, IEnumerable<LabeledRow> rows, int featureCount) =>
        Load(ml, rows.Select(r => new BinaryRow { Features = r.Features, Label = r.Label == 1 }), featureCount);

    /// <summary>A view whose <c>Label</c> is the 0-based class index as an <see cref="long"/>.</summary>
    public static IDataView Multiclass(MLContext ml, IEnumerable<LabeledRow> rows, int featureCount) =>
        Load(ml, rows.Select(r => new ClassIndexRow { Features = r.Features, Label = r.Label }), featureCount);

    /// <summary>A view with only the <c>Features</c> column, used to export an ONNX graph without a Label input.</summary>
    public static IDataView FeaturesOnly(MLContext ml, IEnumerable<LabeledRow> rows, int featureCount) =>
        Load(ml, rows.Select(r => new FeaturesRow { Features = r.Features }), featureCount);

    private static IDataView Load<T>(MLContext ml, IEnumerable<T> rows, int featureCount)
        where T : class
    {
        var schema = SchemaDefinition.Create(typeof(T));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    // ML.NET binds these by reflection, so they need public settable members.
    internal sealed class FeaturesRow
    {
        public float[] Features { get; set; } = [];
    }

    internal sealed class BinaryRow
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    internal sealed class ClassIndexRow
    {
        public float[] Features { get; set; } = [];

        public long Label { get; set; }
    }
}
