namespace Modelplane.DemoModels.Data;

/// <summary>Feature names of the bundled data sets, in column order (the CSVs carry none).</summary>
internal static class FeatureNames
{
    public static readonly IReadOnlyList<string> BreastCancer =
    [
        "mean radius", "mean texture", "mean perimeter", "mean area", "mean smoothness",
        "mean compactness", "mean concavity", "mean concave points", "mean symmetry", "mean fractal dimension",
        "radius error", "texture error", "perimeter error", "area error", "smoothness error",
        "compactness error", "concavity error", "concave points error", "symmetry error", "fractal dimension error",
        "worst radius", "worst texture", "worst perimeter", "worst area", "worst smoothness",
        "worst compactness", "worst concavity", "worst concave points", "worst symmetry", "worst fractal dimension",
    ];

    public static readonly IReadOnlyList<string> Iris =
    [
        "sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)",
    ];
}
