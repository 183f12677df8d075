using Modelplane.Governance.Policies;

namespace Modelplane.Governance.Tests.Policies;

public sealed class PolicyParserTests
{
    private const string Full = """
        rules:
          - metric: auc
            min: 0.85
          - metric: loss
            max: 0.3
            applies_to: [deploy]
          - require: [signature, reference_profile, model_card, dataset_lineage]
          - formats: [onnx]
          - max_artifact_bytes: 500000000
          - risk_tier: high
            require_approval: true
          - signature:
              trusted_keys: [release-key]
        applies_to: [deploy, promote]
        """;

    [Fact]
    public void Parse_EveryRuleKind_ReadsEachRule()
    {
        var policy = PolicyParser.Parse(Full);

        Assert.Equal(
            ["metric auc >= 0.85", "metric loss <= 0.3", "require [signature, reference_profile, model_card, dataset_lineage]", "formats [onnx]",
             "max_artifact_bytes 500000000", "risk_tier high requires approval", "signature by [release-key]"],
            policy.Rules.Select(r => r.Describe()));
        Assert.Equal([PolicyAction.Deploy, PolicyAction.Promote], policy.AppliesTo.Order());
        Assert.Equal([PolicyAction.Deploy], policy.Rules[1].AppliesTo!);
    }

    [Fact]
    public void Parse_Json_ReadsLikeYaml()
    {
        var policy = PolicyParser.Parse("""{"rules": [{"metric": "auc", "min": 0.9, "max": 1}, {"risk_tier": ["medium", "high"], "require_approval": true}]}""");

        Assert.Equal(["metric auc in [0.9, 1]", "risk_tier medium|high requires approval"], policy.Rules.Select(r => r.Describe()));
        Assert.Equal(PolicyActions.All.Order(), policy.AppliesTo.Order());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("rules: []", "line 1, column 8: rules: expected a non-empty list of rules")]
    [InlineData("applies_to: [deploy]", "'rules' is required")]
    [InlineData("rules:\n  - metric: auc\n    mni: 0.8", "line 3, column 5: rules[0]: unknown key 'mni'")]
    [InlineData("rules:\n  - metric: auc", "line 2, column 5: rules[0]: metric 'auc' needs min")]
    [InlineData("rules:\n  - metric: auc\n    min: high", "line 3, column 10: rules[0].min: expected a number, got 'high'")]
    [InlineData("{\"rules\": [{\"metric\": \"auc\", \"min\": \"0.85\"}]}", "rules[0].min: expected a number, got the text \"0.85\"")]
    [InlineData("rules:\n  - metric: auc\n    min: 0.9\n    max: 0.8", "min 0.9 is above max 0.8")]
    [InlineData("rules:\n  - require: [model_crad]", "rules[0].require[0]: 'model_crad' is not one of signature, reference_profile, model_card, dataset_lineage")]
    [InlineData("rules:\n  - require: model_card", "rules[0].require: expected a non-empty list, got 'model_card'")]
    [InlineData("rules:\n  - formats: [pickle]", "rules[0].formats[0]: 'pickle' is not one of onnx, mlnet")]
    [InlineData("rules:\n  - max_artifact_bytes: -5", "rules[0].max_artifact_bytes: expected a positive whole number of bytes")]
    [InlineData("rules:\n  - risk_tier: extreme\n    require_approval: true", "rules[0].risk_tier: 'extreme' is not one of low, medium, high")]
    [InlineData("rules:\n  - risk_tier: high", "needs 'require_approval: true'")]
    [InlineData("rules:\n  - risk_tier: high\n    require_approval: yes", "rules[0].require_approval: expected true, got 'yes'")]
    [InlineData("rules:\n  - signature: {keys: [a]}", "rules[0].signature: unknown key 'keys'")]
    [InlineData("rules:\n  - metric: auc\n    min: 0.8\n    formats: [onnx]", "this one has metric and formats")]
    [InlineData("rules:\n  - colour: red", "rules[0]: a rule needs exactly one of metric, require")]
    [InlineData("rules:\n  - formats: [onnx]\napplies_to: [serve]", "applies_to[0]: 'serve' is not one of deploy, promote, alias")]
    [InlineData("rules: [formats: [onnx]\n", "line 2")]
    [InlineData("rule:\n  - formats: [onnx]", "line 1, column 1: the policy: unknown key 'rule'")]
    public void Parse_Invalid_NamesLineAndField(string text, string problem)
    {
        var ex = Assert.Throws<PolicyDocumentException>(() => PolicyParser.Parse(text));

        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }
}
