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
    [InlineData("churn@", "version '' is not a positive whole number")]
    [InlineData("churn@0", "version '0' is not a positive whole number")]
    [InlineData("churn@-1", "version '-1' is not a positive whole number")]
    [InlineData("churn@latest", "version 'latest' is not a positive whole number")]
    [InlineData("@2", "has no model name before '@'")]
    [InlineData(" ", "A model reference is required")]
    public void Parse_Invalid_ThrowsUsageSayingWhy(string text, string expected)
    {
        var ex = Assert.Throws<UsageException>(() => ModelVersionReference.Parse(text));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_WithVersion_FormatsModelAtVersion()
    {
        Assert.Equal("churn@2", new ModelVersionReference("churn", 2).ToString());
    }
}
