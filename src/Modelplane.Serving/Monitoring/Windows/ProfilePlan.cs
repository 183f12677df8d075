using Modelplane.Registry.Monitoring;

namespace Modelplane.Serving.Monitoring.Windows;

/// <summary>
/// What a version's live windows count, compiled once from its reference profile: the features and outputs with the
/// reference's bins and categories, and where the class probabilities are for estimating quality without labels.
/// </summary>
internal sealed class ProfilePlan
{
    public ProfilePlan(ReferenceProfile reference, IReadOnlyList<FeatureSlot> features, IReadOnlyList<FeatureSlot> outputs, ProbabilitySource? probability)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var profile = reference.Profile;
        if (features.Count != profile.Features.Count || outputs.Count != profile.Outputs.Count)
        {
            throw new ArgumentException(
                $"The reference of {reference.Model}@{reference.Version} profiles {profile.Features.Count} features and {profile.Outputs.Count} outputs; the model has {features.Count} and {outputs.Count}.",
                nameof(reference));
        }

        Reference = reference;
        FeatureCount = features.Count;
        Values = [.. features.Select((slot, i) => MonitoredValue.Compile(slot, profile.Features[i])), .. outputs.Select((slot, i) => MonitoredValue.Compile(slot, profile.Outputs[i]))];
        Probability = probability;
        Calibration = reference.Calibration;
        BinOffsets = new int[Values.Length];
        CategoryOffsets = new int[Values.Length];
        for (var i = 0; i < Values.Length; i++)
        {
            BinOffsets[i] = TotalBins;
            CategoryOffsets[i] = TotalCategorySlots;
            if (Values[i].IsNumeric)
            {
                TotalBins += Values[i].Bins;
            }
            else
            {
                TotalCategorySlots += Values[i].CategorySlots;
            }
        }
    }

    public ReferenceProfile Reference { get; }

    /// <summary>The features, then the outputs.</summary>
    public MonitoredValue[] Values { get; }

    /// <summary>How many of <see cref="Values"/> are features; the rest are outputs.</summary>
    public int FeatureCount { get; }

    public ProbabilitySource? Probability { get; }

    public Calibration? Calibration { get; }

    /// <summary>Where each numeric value's bins start in a window's flat bin arrays.</summary>
    public int[] BinOffsets { get; }

    /// <summary>Where each categorical value's slots start in a window's flat category array.</summary>
    public int[] CategoryOffsets { get; }

    public int TotalBins { get; }

    public int TotalCategorySlots { get; }
}
