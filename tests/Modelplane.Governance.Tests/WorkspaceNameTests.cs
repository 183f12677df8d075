using Modelplane.Governance.Workspaces;

namespace Modelplane.Governance.Tests;

public sealed class WorkspaceNameTests
{
    [Theory]
    [InlineData("default")]
    [InlineData("team-a")]
    [InlineData("0day")]
    public void Valid(string name) => Assert.Null(WorkspaceName.Problem(name));

    [Theory]
    [InlineData("", "required")]
    [InlineData("Team", "start with a lower-case letter")]
    [InlineData("-a", "start with a lower-case letter")]
    [InlineData("../etc", "start with a lower-case letter")]
    [InlineData("a/../b", "only a-z, 0-9 and '-'")]
    [InlineData("a.b", "only a-z, 0-9 and '-'")]
    [InlineData("a\0b", "only a-z, 0-9 and '-'")]
    [InlineData("tеam", "only a-z, 0-9 and '-'")] // Cyrillic 'е'
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "the limit is 40")]
    public void Invalid_NamesTheProblem(string name, string problem) =>
        Assert.Contains(problem, WorkspaceName.Problem(name), StringComparison.Ordinal);
}
