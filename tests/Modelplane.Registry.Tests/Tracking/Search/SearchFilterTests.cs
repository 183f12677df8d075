using Modelplane.Registry.Tracking.Search;

namespace Modelplane.Registry.Tests.Tracking.Search;

public sealed class SearchFilterTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void Parse_Blank_ReturnsEmpty(string? text) => Assert.Empty(SearchFilter.Parse(text).Comparisons);

    [Fact]
    public void Parse_ConjunctionOfEveryEntity_ReturnsComparisonsInOrder()
    {
        var filter = SearchFilter.Parse("metrics.auc > 0.9 and params.model = 'lr' AND tags.\"team name\" LIKE 'ri%' and status != \"FAILED\"");

        Assert.Equal(
            [
                (SearchEntity.Metric, "auc", SearchOperator.Greater, "0.9"),
                (SearchEntity.Param, "model", SearchOperator.Equal, "'lr'"),
                (SearchEntity.Tag, "team name", SearchOperator.Like, "'ri%'"),
                (SearchEntity.Attribute, "status", SearchOperator.NotEqual, "'FAILED'"),
            ],
            filter.Comparisons.Select(c => (c.Identifier.Entity, c.Identifier.Key, c.Operator, c.Value.ToString())));
    }

    [Theory]
    [InlineData("tags.`mlflow.runName` = 'x'", SearchEntity.Tag, "mlflow.runName")]
    [InlineData("tags.mlflow.runName = 'x'", SearchEntity.Tag, "mlflow.runName")]
    [InlineData("attributes.run_name = 'x'", SearchEntity.Attribute, "run_name")]
    [InlineData("run.status = 'x'", SearchEntity.Attribute, "status")]
    [InlineData("parameter.alpha = 'x'", SearchEntity.Param, "alpha")]
    [InlineData("`name` = 'x'", SearchEntity.Attribute, "name")]
    public void Parse_IdentifierForms_ResolveEntityAndKey(string text, SearchEntity entity, string key)
    {
        var identifier = SearchFilter.Parse(text).Comparisons.Single().Identifier;

        Assert.Equal((entity, key), (identifier.Entity, identifier.Key));
    }

    [Theory]
    [InlineData("metrics.loss <= -1.5e-3", -1.5e-3)]
    [InlineData("metrics.loss = 42", 42.0)]
    [InlineData("metrics.loss >= .5", 0.5)]
    public void Parse_Numbers_ParsedInvariantly(string text, double expected) =>
        Assert.Equal(expected, SearchFilter.Parse(text).Comparisons.Single().Value.Number);

    [Fact]
    public void Parse_InAndNotIn_ReturnLists()
    {
        var filter = SearchFilter.Parse("attributes.run_id IN ('a', 'b') and tags.t NOT IN ('it''s')");

        Assert.Equal(["a", "b"], filter.Comparisons[0].Value.List!);
        Assert.Equal((SearchOperator.NotIn, "it's"), (filter.Comparisons[1].Operator, filter.Comparisons[1].Value.List!.Single()));
    }

    [Theory]
    [InlineData("metrics.auc > 0.9 or metrics.auc < 0.1", 18, "OR is not supported")]
    [InlineData("metrics.auc ~ 1", 12, "unexpected character")]
    [InlineData("metrics.auc 1", 12, "expected a comparison operator")]
    [InlineData("metrics.auc > 'high'", 14, "compared with numbers")]
    [InlineData("metrics.auc LIKE 'a%'", 12, "compared with numbers")]
    [InlineData("params.lr > '1'", 10, "is a string")]
    [InlineData("tags.t = 5", 9, "quoted string")]
    [InlineData("tags.t = 'open", 9, "not closed")]
    [InlineData("tags. = 'x'", 6, "expected a key")]
    [InlineData("metrics.auc > 1 metrics.x > 2", 16, "expected AND")]
    [InlineData("= 1", 0, "expected an identifier")]
    [InlineData("tags.t IN 'a'", 10, "expected '('")]
    [InlineData("tags.t IN ('a' 'b')", 15, "expected ',' or ')'")]
    [InlineData("metrics.auc > 1.2.3", 14, "not a number")]
    [InlineData("metrics.auc >", 13, "the end of the text")]
    public void Parse_Malformed_ThrowsNamingPosition(string text, int position, string problem)
    {
        var error = Assert.Throws<SearchFilterException>(() => SearchFilter.Parse(text));

        Assert.Equal(position, error.Position);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains($"at position {position}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("metrics.auc DESC", SearchEntity.Metric, "auc", true)]
    [InlineData("name", SearchEntity.Attribute, "name", false)]
    [InlineData("tags.`a b` asc", SearchEntity.Tag, "a b", false)]
    public void ParseOrder_Valid_ReturnsIdentifierAndDirection(string clause, SearchEntity entity, string key, bool descending)
    {
        var order = SearchOrder.Parse(clause);

        Assert.Equal((entity, key, descending), (order.Identifier.Entity, order.Identifier.Key, order.Descending));
    }

    [Fact]
    public void ParseOrder_TrailingWord_ThrowsNamingPosition() =>
        Assert.Equal(12, Assert.Throws<SearchFilterException>(() => SearchOrder.Parse("metrics.auc sideways")).Position);
}
