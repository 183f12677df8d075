using System.Globalization;
using Modelplane.Registry.Models;
using Modelplane.Registry.Monitoring;

namespace Modelplane.Serving.Monitoring;

public sealed partial class FeatureLayout
{
    // The tabular case: one 2-D input whose columns are the features, named by the data's header.
    private static FeatureSlot[] ColumnFeatures(TensorSpec input, IReadOnlyList<string>? names, string who)
    {
        var kind = InputKind(input);
        var width = WidthOf(input);
        if (names is null)
        {
            if (width < 1)
            {
                throw new ProfileDataException(
                    $"Input '{input.Name}' of {who} has a dynamic number of columns; profiling data needs a header row naming them.");
            }

            names = [.. Enumerable.Range(0, (int)width).Select(j => Indexed(input.Name, j))];
        }
        else if (width > 0 && names.Count != width)
        {
            throw new ProfileDataException(
                $"The data has {names.Count} feature columns ({ProfileDataException.List(names)}) but {who} takes {width} features in input "
                + $"'{input.Name}'; expected {width} columns, one per feature in the model's order (plus the label column named with label=, if any).");
        }

        EnsureNamed(names);
        return [.. names.Select((name, j) => new FeatureSlot(name, kind, 0, j, names.Count))];
    }

    // Named inputs: one feature per input (per column, input[j], for an input of several columns).
    private static FeatureSlot[] InputFeatures(IReadOnlyList<TensorSpec> inputs, IReadOnlyList<string>? names, string who)
    {
        var slots = new List<FeatureSlot>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var kind = InputKind(input);
            var width = WidthOf(input);
            if (width < 1)
            {
                throw new ProfileDataException(
                    $"Input '{input.Name}' of {who} has shape [{string.Join(",", input.Shape)}]; only inputs with a fixed number of values per row "
                    + "([n], [n,1] or [n,d]) can be profiled.");
            }

            for (var j = 0; j < width; j++)
            {
                slots.Add(new FeatureSlot(width == 1 ? input.Name : Indexed(input.Name, j), kind, i, j, (int)width));
            }
        }

        if (names is not null)
        {
            EnsureNamed(names);
            var expected = slots.Select(s => s.Name).ToList();
            var missing = expected.Except(names, StringComparer.Ordinal).ToList();
            var unknown = names.Except(expected, StringComparer.Ordinal).ToList();
            if (missing.Count > 0 || unknown.Count > 0)
            {
                throw new ProfileDataException(
                    $"The data's columns do not match the inputs of {who}: "
                    + (missing.Count > 0 ? $"missing {ProfileDataException.List(missing)}; " : "")
                    + (unknown.Count > 0 ? $"not inputs {ProfileDataException.List(unknown)}; " : "")
                    + $"expected columns: {ProfileDataException.List(expected)} (plus the label column named with label=, if any).");
            }
        }

        return [.. slots];
    }

    private static List<FeatureSlot> OutputSlots(IReadOnlyList<TensorSpec> outputs)
    {
        var slots = new List<FeatureSlot>();
        for (var o = 0; o < outputs.Count; o++)
        {
            var output = outputs[o];
            var width = WidthOf(output);
            if (OutputKind(output.ElementType) is not { } kind || width is < 1 or > MaxOutputColumns)
            {
                continue;
            }

            for (var j = 0; j < width; j++)
            {
                slots.Add(new FeatureSlot(width == 1 ? output.Name : Indexed(output.Name, j), kind, o, j, (int)width));
            }
        }

        return slots;
    }

    private static ProbabilitySource? FindProbability(IReadOnlyList<TensorSpec> outputs)
    {
        for (var o = 0; o < outputs.Count; o++)
        {
            if (IsFloat(outputs[o].ElementType) && outputs[o].Shape.Count == 2 && outputs[o].Shape[1] >= 2)
            {
                return new ProbabilitySource(o, (int)outputs[o].Shape[1], Binary: false);
            }
        }

        for (var o = 0; o < outputs.Count; o++)
        {
            if (IsFloat(outputs[o].ElementType) && WidthOf(outputs[o]) == 1 && outputs[o].Name.Contains("prob", StringComparison.OrdinalIgnoreCase))
            {
                return new ProbabilitySource(o, 1, Binary: true);
            }
        }

        return null;
    }

    private static int? FindLabelOutput(IReadOnlyList<TensorSpec> outputs)
    {
        for (var o = 0; o < outputs.Count; o++)
        {
            if (OutputKind(outputs[o].ElementType) == FeatureKind.Categorical && WidthOf(outputs[o]) == 1)
            {
                return o;
            }
        }

        return null;
    }

    // Outputs: a float is a score; an integer, boolean or string is a class label.
    private static FeatureKind? OutputKind(TensorElementType type) =>
        type == TensorElementType.Unsupported ? null : IsFloat(type) ? FeatureKind.Numeric : FeatureKind.Categorical;

    private static bool IsFloat(TensorElementType type) =>
        type is TensorElementType.Float32 or TensorElementType.Float64 or TensorElementType.Float16;

    private static FeatureKind InputKind(TensorSpec input) =>
        KindOf(input.ElementType) ?? throw new ProfileDataException($"Input '{input.Name}' has an element type Modelplane cannot profile.");

    private static void EnsureNamed(IReadOnlyList<string> names)
    {
        if (names.FirstOrDefault(string.IsNullOrWhiteSpace) is not null)
        {
            throw new ProfileDataException("The data has a column without a name; every column needs one in the header row.");
        }

        var duplicates = names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new ProfileDataException($"The data names column(s) {ProfileDataException.List(duplicates)} more than once.");
        }
    }

    private static string Indexed(string name, int j) => string.Create(CultureInfo.InvariantCulture, $"{name}[{j}]");
}
