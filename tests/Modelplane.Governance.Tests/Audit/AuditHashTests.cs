using Modelplane.Governance.Audit;

namespace Modelplane.Governance.Tests.Audit;

public sealed class AuditHashTests
{
    private static byte[] Hash(string actor, string action, string? before = null) =>
        AuditHash.Compute("default", 1, 1000, actor, action, "t", AuditOutcome.Succeeded, 200, before, null, null, null, AuditHash.Genesis);

    [Fact]
    public void Compute_FieldBoundaryMoved_GivesDifferentHash() =>
        Assert.NotEqual(Hash("ab", "c"), Hash("a", "bc"));

    [Fact]
    public void Compute_NullVersusEmptyString_GivesDifferentHash() =>
        Assert.NotEqual(Hash("a", "b", before: null), Hash("a", "b", before: ""));

    [Fact]
    public void Compute_SameFields_GivesSameHash() =>
        Assert.Equal(Hash("a", "b", "x"), Hash("a", "b", "x"));

    [Fact]
    public void Compute_ShortPrevHash_Throws() =>
        Assert.Throws<ArgumentException>(() =>
            AuditHash.Compute("default", 1, 0, "a", "b", "t", AuditOutcome.Started, null, null, null, null, null, new byte[31]));
}
