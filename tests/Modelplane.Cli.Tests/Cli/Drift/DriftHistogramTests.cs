using Modelplane.Cli.Drift;
using Modelplane.Client.Contracts;

namespace Modelplane.Cli.Tests.Cli.Drift;

public sealed class DriftHistogramTests
{
    [Theory]
    [InlineData(0.2, 0.2, 24.0)]
    [InlineData(0.1, 0.2, 12.0)]
    [InlineData(0.05, 0.2, 6.0)]
    [InlineData(0.0725, 0.2, 8.75)]
    [InlineData(0.0, 0.2, 0.0)]
    public void Bar_Share_IsProportionalToTheLargestInEighths(double share, double largest, double cells)
    {
        var bar = DriftHistogram.Bar(share, largest);

        Assert.Equal(cells, Cells(bar));
    }

    [Fact]
    public void Bar_NothingCounted_IsEmpty()
    {
        Assert.Equal("", DriftHistogram.Bar(0, 0));
    }

    [Fact]
    public void Lines_TwoBins_OneLinePerBinWithBothBarsAndPercents()
    {
        var lines = DriftHistogram.Lines([new DriftBinDto("[10, 15)", 0.20, 0.40), new DriftBinDto("other", 0.80, 0.60)]);

        Assert.Equal(2, lines.Count);
        Assert.StartsWith("[10, 15)  ref  ", lines[0], StringComparison.Ordinal);
        Assert.Contains(" 20.0%   live ", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(" 40.0%", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("other     ref  ", lines[1], StringComparison.Ordinal);
        var (reference, live) = Bars(lines[0]);
        Assert.Equal((6.0, 12.0), (Cells(reference), Cells(live)));
        Assert.Equal((24.0, 18.0), (Cells(Bars(lines[1]).Reference), Cells(Bars(lines[1]).Live)));
    }

    [Fact]
    public void Lines_LongCategory_IsShortenedWithAnEllipsis()
    {
        var line = Assert.Single(DriftHistogram.Lines([new DriftBinDto(new string('x', 40), 1, 1)]));

        Assert.StartsWith(new string('x', 23) + "…  ref", line, StringComparison.Ordinal);
    }

    private static (string Reference, string Live) Bars(string line)
    {
        var reference = line[(line.IndexOf(" ref  ", StringComparison.Ordinal) + 6)..];
        var live = line[(line.IndexOf(" live ", StringComparison.Ordinal) + 6)..];
        return (reference[..DriftHistogram.Width], live[..DriftHistogram.Width]);
    }

    // A full block is a cell; the partial blocks ▏ to ▉ are one to seven eighths of one.
    private static double Cells(string bar) => bar.Sum(c => c == '█' ? 1.0 : c is >= '▉' and <= '▏' ? ('▏' - c + 1) / 8.0 : 0);
}
