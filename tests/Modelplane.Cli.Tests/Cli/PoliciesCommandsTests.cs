using System.Text.Json;
using Modelplane.Cli.Tests.Fakes;
using Modelplane.Cli.Tests.Real;
using Modelplane.Client;
using Modelplane.Testing.FileSystem;
using Modelplane.Testing.Onnx;

namespace Modelplane.Cli.Tests.Cli;

/// <summary><c>policies set</c> and <c>policies check</c> against the real server.</summary>
public sealed class PoliciesCommandsTests(RealServer server) : IClassFixture<RealServer>, IDisposable
{
    private readonly CliHarness _cli = new() { ClientFactory = uri => new ModelplaneClient(uri) };
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task SetThenCheck_VersionBelowThreshold_RefusedWithRuleNamed()
    {
        var model = $"m{Guid.NewGuid():N}"[..16];
        var onnx = _temp.File($"{model}.onnx", OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], 1f).Build());
        Assert.Equal(ExitCodes.Success, (await RunAsync("models", "push", model, onnx, "--metric", "auc=0.8")).ExitCode);
        var policy = _temp.File("policy.yaml", "rules:\n  - metric: auc\n    min: 0.85\n"u8.ToArray());

        var set = await RunAsync("policies", "set", policy);
        var check = await RunAsync("policies", "check", $"{model}@1", "--action", "deploy");
        var json = await RunAsync("policies", "check", $"{model}@1", "--json");

        Assert.True(set.ExitCode == ExitCodes.Success, set.Error);
        Assert.Contains("1 rule(s), applies to deploy, promote, alias", set.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ApiError, check.ExitCode);
        Assert.Contains("refused", check.Out, StringComparison.Ordinal);
        Assert.Contains("auc is 0.8, below the minimum 0.85.", check.Out, StringComparison.Ordinal);
        var result = JsonSerializer.Deserialize(json.Out, ModelplaneJsonContext.Default.PolicyCheckDto)!;
        Assert.Equal((false, "deploy", "metric auc >= 0.85"), (result.Allowed, result.Action, result.Violations.Single().Rule));
    }

    [Fact]
    public async Task Set_InvalidDocument_ExitsWithTheServersReason()
    {
        var policy = _temp.File("bad.yaml", "rules:\n  - formats: [pickle]\n"u8.ToArray());

        var run = await RunAsync("policies", "set", policy);

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        Assert.Contains("line 2, column 15: rules[0].formats[0]: 'pickle' is not one of onnx, mlnet", run.Error, StringComparison.Ordinal);
    }

    private Task<CliRun> RunAsync(params string[] args) => _cli.RunAsync([.. args, "--server", server.Url, "--token", server.AdminToken]);
}
