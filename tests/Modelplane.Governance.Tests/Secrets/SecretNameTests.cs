using Modelplane.Governance.Secrets;

namespace Modelplane.Governance.Tests.Secrets;

public sealed class SecretNameTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("Webhook_Token.v2-prod")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Problem_ValidName_Null(string name) => Assert.Null(SecretName.Problem(name));

    [Theory]
    [InlineData("", "A secret name is required.")]
    [InlineData("1abc", "must start with a letter")]
    [InlineData(".hidden", "must start with a letter")]
    [InlineData("a/../b", "may contain only A-Z, a-z, 0-9, '_', '.' and '-'")]
    [InlineData("a b", "may contain only")]
    [InlineData("a\0b", "may contain only")]
    [InlineData("pаss", "may contain only")] // Cyrillic 'а'
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "is 65 characters; the limit is 64")]
    public void Problem_InvalidName_NamesTheProblem(string name, string problem) =>
        Assert.Contains(problem, SecretName.Problem(name), StringComparison.Ordinal);

    [Theory]
    [InlineData("secret:db-password", true, "db-password")]
    [InlineData("secret:", false, "")]
    [InlineData("db-password", false, "")]
    [InlineData("secret:../x", false, "")]
    public void TryParse_Reference_ReadsTheName(string text, bool parsed, string name)
    {
        Assert.Equal(parsed, SecretReference.TryParse(text, out var found));
        Assert.Equal(name, found);
    }
}
