using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Modelplane.Serving.Tests.Monitoring.Statistics;

/// <summary>SciPy's and scikit-learn's answers: drift_fixtures.py run once under /usr/bin/python3 for the whole collection.</summary>
public sealed class ScipyFixture : IAsyncLifetime
{
    private const string Python = "/usr/bin/python3";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The parsed output.</summary>
    public ScipyAnswers Answers { get; private set; } = null!;

    public NumericCase Numeric(string name) => Answers.Numeric.Single(c => c.Name == name);

    public CategoricalCase Categorical(string name) => Answers.Categorical.Single(c => c.Name == name);

    public async ValueTask InitializeAsync()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Monitoring", "Statistics", "drift_fixtures.py");
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing: install python3 python3-scipy python3-sklearn to run the SciPy agreement tests.");
        }

        using var process = new Process
        {
            StartInfo = new ProcessStartInfo(Python, [script]) { RedirectStandardOutput = true, RedirectStandardError = true },
        };
        process.Start();
        using var timeout = new CancellationTokenSource(Timeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish within {Timeout}.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{script} exited with {process.ExitCode} (install python3-scipy python3-sklearn if a module is missing): {await errors}");
        }

        Answers = JsonSerializer.Deserialize<ScipyAnswers>(await output, Json)
            ?? throw new InvalidOperationException($"{script} printed no JSON.");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class ScipyAnswersGroup : ICollectionFixture<ScipyFixture>
{
    public const string Name = "SciPy reference answers";
}

public sealed record ScipyAnswers(
    double PsiEpsilon,
    IReadOnlyList<NumericCase> Numeric,
    IReadOnlyList<CategoricalCase> Categorical,
    IReadOnlyList<KolmogorovPoint> Kolmogorov,
    IReadOnlyList<BinaryCase> Binary,
    IReadOnlyList<MulticlassCase> Multiclass,
    IReadOnlyList<RegressionCase> Regression);

public sealed record NumericCase(
    string Name, long ReferenceRows, long ReferenceMissing, long LiveRows, long LiveMissing, double[] Edges,
    long[] ReferenceCounts, long[] LiveCounts, double[] ReferenceSums, double[] LiveSums,
    double ReferenceMean, double ReferenceStdDev, double LiveMean, double LiveStdDev,
    double Psi, double KsStatistic, double KsPValue, double Wasserstein, double JensenShannon, double ChiSquare, double ChiSquarePValue);

public sealed record CategoricalCase(
    string Name, string[] Categories, long[] ReferenceCounts, long ReferenceOther, long[] LiveCounts, long LiveOther,
    double Psi, double JensenShannon, double ChiSquare, double ChiSquarePValue)
{
    public long[] ReferenceWithOther => [.. ReferenceCounts, ReferenceOther];

    public long[] LiveWithOther => [.. LiveCounts, LiveOther];
}

public sealed record KolmogorovPoint(double X, double Survival);

public sealed record BinaryCase(
    string Name, int[] Predicted, int[] Actual, double[] Probability,
    double Accuracy, double Precision, double Recall, double F1, double RocAuc, double LogLoss);

public sealed record MulticlassCase(
    string Name, int[] Predicted, int[] Actual, double[] Probability, double Accuracy, double Precision, double Recall, double F1, double LogLoss);

public sealed record RegressionCase(string Name, double[] Predicted, double[] Actual, double Mae, double Rmse, double R2);
