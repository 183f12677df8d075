namespace Modelplane.Cli.Tests.Cli;

public sealed class ModelVersionReferenceTests
{
    [Theory]
    [InlineData("churn", "churn", null)]
    [InlineData("churn@3", "churn", 3)]
    [InlineData("team@churn@12", "team@churn", 12)]
    public void Parse_Valid_ReturnsModelAndVersion(string text, string model, int? version)
    {
        var reference = ModelVersionReference.Parse(text);

        Assert.Equal(new ModelVersionReference(model, version), reference);
    }

    [Theory]
    [InlineData("churn@", "'' is neither a positive whole number nor an alias")]
    [InlineData("churn@0", "'0' is neither a positive whole number nor an alias")]
    [InlineData("churn@-1", "'-1' is neither a positive whole number nor an alias")]
    [InlineData("churn@-x", "'-x' is neither a positive whole number nor an alias")]
    [InlineData("@2", "has no model name before '@'")]
    [InlineData(" ", "A model reference is required")]
    public void Parse_Invalid_ThrowsUsageSayingWhy(string text, string expected)
    {
        var ex = Assert.Throws<UsageException>(() => ModelVersionReference.Parse(text));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("churn@champion", "champion")]
    [InlineData("churn@v2", "v2")]
    public void Parse_Alias_ReturnsModelAndAlias(string text, string alias)
    {
        Assert.Equal(new ModelVersionReference("churn", null, alias), ModelVersionReference.Parse(text));
    }

    [Fact]
    public void ToString_Alias_FormatsModelAtAlias() => Assert.Equal("churn@champion", new ModelVersionReference("churn", null, "champion").ToString());

    [Fact]
    public void ToString_WithVersion_FormatsModelAtVersion()
    {
        Assert.Equal("churn@2", new ModelVersionReference("churn", 2).ToString());
    }
}
