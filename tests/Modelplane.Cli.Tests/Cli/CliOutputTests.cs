namespace Modelplane.Cli.Tests.Cli;

public sealed class CliOutputTests
{
    [Fact]
    public void Shape_DynamicDimensions_ShowsNFirstAndQuestionMarkElsewhere()
    {
        Assert.Equal("[N, 30]", CliOutput.Shape([-1, 30]));
        Assert.Equal("[N, ?, 4]", CliOutput.Shape([-1, -1, 4]));
    }

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1536, "1.5 KiB")]
    [InlineData(5 * 1024 * 1024, "5 MiB")]
    [InlineData(3L * 1024 * 1024 * 1024 + 512L * 1024 * 1024, "3.5 GiB")]
    public void Size_Bytes_UsesBinaryUnits(long bytes, string expected)
    {
        Assert.Equal(expected, CliOutput.Size(bytes));
    }
}
