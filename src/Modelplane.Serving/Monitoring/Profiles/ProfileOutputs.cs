namespace Modelplane.Serving.Monitoring.Profiles;

/// <summary>A model's outputs over the profiled rows, one column per <see cref="FeatureLayout.Outputs"/> slot, plus the
/// class probabilities when the layout has a <see cref="FeatureLayout.Probability"/> source.</summary>
public sealed class ProfileOutputs
{
    private readonly double[][] _numbers;
    private readonly string?[]?[] _texts;
    private readonly double[]? _probabilities;

    /// <summary>Creates empty outputs (all missing) for <paramref name="rows"/> rows.</summary>
    public ProfileOutputs(FeatureLayout layout, int rows)
    {
        ArgumentNullException.ThrowIfNull(layout);
        Layout = layout;
        Rows = rows;
        _numbers = [.. layout.Outputs.Select(_ => Enumerable.Repeat(double.NaN, rows).ToArray())];
        _texts = [.. layout.Outputs.Select(s => s.Kind == Registry.Monitoring.FeatureKind.Categorical ? new string?[rows] : null)];
        Columns = [.. layout.Outputs.Select((slot, i) => new ProfileColumn(slot.Name, _numbers[i], _texts[i]))];
        if (layout.Probability is { } source)
        {
            _probabilities = Enumerable.Repeat(double.NaN, rows * source.Width).ToArray();
        }
    }

    /// <summary>The layout the outputs follow.</summary>
    public FeatureLayout Layout { get; }

    /// <summary>Rows.</summary>
    public int Rows { get; }

    /// <summary>One column per output slot: numbers for numeric slots, text for categorical ones.</summary>
    public IReadOnlyList<ProfileColumn> Columns { get; }

    /// <summary>Row-major probabilities (<see cref="Rows"/> × <see cref="ProbabilitySource.Width"/>); null without a source.</summary>
    public IReadOnlyList<double>? Probabilities => _probabilities;

    /// <summary>Rows the model failed on (their outputs are missing).</summary>
    public int FailedRows { get; private set; }

    /// <summary>The first error the model raised on a row, or null.</summary>
    public string? FirstError { get; private set; }

    /// <summary>Counts a row the model failed on.</summary>
    public void Failed(string error)
    {
        FailedRows++;
        FirstError ??= error;
    }

    /// <summary>Sets a numeric slot's value (non-finite is missing).</summary>
    public void SetNumber(int slot, int row, double value) => _numbers[slot][row] = double.IsFinite(value) ? value : double.NaN;

    /// <summary>Sets a categorical slot's value (null is missing).</summary>
    public void SetText(int slot, int row, string? value) => _texts[slot]![row] = value;

    /// <summary>Sets probability <paramref name="column"/> of <paramref name="row"/>.</summary>
    public void SetProbability(int row, int column, double value) =>
        _probabilities![(row * Layout.Probability!.Width) + column] = value;
}
