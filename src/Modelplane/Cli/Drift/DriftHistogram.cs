using Modelplane.Client.Contracts;

namespace Modelplane.Cli.Drift;

/// <summary>
/// A feature's reference and live distributions as text: one line per bin with its label and two bars whose lengths
/// are proportional to the bin's shares, drawn in eighths of a cell so that close shares still look different.
/// </summary>
internal static class DriftHistogram
{
    /// <summary>The longest bar, in cells; it belongs to the largest share of either side.</summary>
    public const int Width = 24;

    private const int LabelWidth = 24;
    private static readonly string[] Eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

    /// <summary>One line per bin: <c>label  ref ███▌  12.0%  live █████  20.1%</c>, bars padded to <see cref="Width"/>.</summary>
    public static IReadOnlyList<string> Lines(IReadOnlyList<DriftBinDto> bins)
    {
        var largest = bins.Count == 0 ? 0 : bins.Max(b => Math.Max(b.Reference, b.Live));
        var labels = bins.Select(b => Label(b.Label)).ToArray();
        var labelWidth = labels.Length == 0 ? 0 : labels.Max(l => l.Length);
        return [.. bins.Select((b, i) =>
            $"{labels[i].PadRight(labelWidth)}  ref  {Bar(b.Reference, largest).PadRight(Width)} {MonitoringFormat.Percent(b.Reference),6}"
            + $"   live {Bar(b.Live, largest).PadRight(Width)} {MonitoringFormat.Percent(b.Live),6}")];
    }

    /// <summary>A bar of <paramref name="share"/> ÷ <paramref name="largest"/> × <see cref="Width"/> cells, to the nearest eighth.</summary>
    public static string Bar(double share, double largest)
    {
        if (largest <= 0 || !(share > 0))
        {
            return "";
        }

        var eighths = (int)Math.Round(Math.Min(share / largest, 1) * Width * 8, MidpointRounding.AwayFromZero);
        return new string('█', eighths / 8) + Eighths[eighths % 8];
    }

    // Category names can be long; a histogram line should still fit beside its bars.
    private static string Label(string label) => label.Length <= LabelWidth ? label : label[..(LabelWidth - 1)] + "…";
}
