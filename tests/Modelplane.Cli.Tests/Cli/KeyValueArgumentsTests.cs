namespace Modelplane.Cli.Tests.Cli;

public sealed class KeyValueArgumentsTests
{
    [Fact]
    public void ParseTags_ValueWithEquals_SplitsAtFirstEquals()
    {
        var tags = KeyValueArguments.ParseTags(["team=risk", "query=a=b", "empty="]);

        Assert.Equal(new Dictionary<string, string> { ["team"] = "risk", ["query"] = "a=b", ["empty"] = "" }, tags);
    }

    [Theory]
    [InlineData("team", "--tag 'team' is not KEY=VALUE. Example: --tag team=risk.")]
    [InlineData("=risk", "--tag '=risk' has an empty key. Example: --tag team=risk.")]
    public void ParseTags_Malformed_ThrowsUsageNamingTheValue(string pair, string message)
    {
        var ex = Assert.Throws<UsageException>(() => KeyValueArguments.ParseTags([pair]));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void ParseTags_RepeatedKey_ThrowsUsage()
    {
        var ex = Assert.Throws<UsageException>(() => KeyValueArguments.ParseTags(["a=1", "a=2"]));

        Assert.Equal("--tag 'a' is given more than once.", ex.Message);
    }

    [Fact]
    public void ParseMetrics_InvariantNumbers_ParsesValues()
    {
        var metrics = KeyValueArguments.ParseMetrics(["auc=0.91", "loss=1e-3", "n=-2"]);

        Assert.Equal(new Dictionary<string, double> { ["auc"] = 0.91, ["loss"] = 0.001, ["n"] = -2 }, metrics);
    }

    [Theory]
    [InlineData("auc=high")]
    [InlineData("auc=0,91")]
    [InlineData("auc=NaN")]
    public void ParseMetrics_NotAFiniteNumber_ThrowsUsage(string pair)
    {
        var ex = Assert.Throws<UsageException>(() => KeyValueArguments.ParseMetrics([pair]));

        Assert.Contains("is not a number", ex.Message, StringComparison.Ordinal);
    }
}
