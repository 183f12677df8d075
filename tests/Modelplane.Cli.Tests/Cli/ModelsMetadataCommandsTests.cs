using System.Text.Json;
using Modelplane.Cli.Tests.Fakes;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Testing.FileSystem;

namespace Modelplane.Cli.Tests.Cli;

public sealed class ModelsMetadataCommandsTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Push_LineageOptions_SendEveryQueryParameterAndHashLocalDataset()
    {
        var dataset = _temp.File("train.csv", "a,b\n1,2\n"u8.ToArray());
        var datasetSha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("a,b\n1,2\n"u8.ToArray()));
        _cli.Server.AddVersion("churn", [9]);
        _cli.Variables["USER"] = "ana";

        var run = await _cli.RunAsync("models", "push", "churn", _temp.File("m.onnx", [1, 2]), "--param", "max_depth=6", "--dataset", dataset,
            "--code-repo", "https://git.example/churn", "--code-commit", "abc123", "--run-id", "r7", "--parent", "1", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var query = Uri.UnescapeDataString(_cli.Server.Requests[0].PathAndQuery);
        Assert.Contains("param=max_depth=6", query, StringComparison.Ordinal);
        Assert.Contains($"dataset_uri={dataset}&dataset_sha256={datasetSha}&code_repo=https://git.example/churn&code_commit=abc123&run_id=r7&created_by=ana&parent=1", query, StringComparison.Ordinal);
        var pushed = JsonSerializer.Deserialize(run.Out, ModelplaneJsonContext.Default.ModelVersionDto)!;
        Assert.Equal([1], pushed.Lineage!.Parents);
        Assert.Equal("r7", pushed.Lineage.RunId);
    }

    [Fact]
    public async Task Push_ZeroParent_ExitsUsageWithoutUploading()
    {
        var run = await _cli.RunAsync("models", "push", "churn", _temp.File("m.onnx", [1]), "--parent", "0");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--parent 0 is not a positive version number", run.Error, StringComparison.Ordinal);
        Assert.Empty(_cli.Server.Requests);
    }

    [Fact]
    public async Task AliasSet_ThenList_ShowsAliasAndShowAcceptsIt()
    {
        _cli.Server.AddVersion("churn", [1]);
        _cli.Server.AddVersion("churn", [2]);

        var set = await _cli.RunAsync("models", "alias", "set", "churn", "champion", "--version", "2");
        var list = await _cli.RunAsync("models", "alias", "list", "churn");
        var show = await _cli.RunAsync("models", "show", "churn@champion", "--json");

        Assert.Contains("churn@champion now points at version 2", set.Out, StringComparison.Ordinal);
        Assert.Matches(@"champion\s*│\s*2", list.Out);
        Assert.Equal(2, JsonSerializer.Deserialize(show.Out, ModelplaneJsonContext.Default.ModelVersionDto)!.Version);
        Assert.Equal("/api/v1/models/churn/versions/champion", _cli.Server.Requests[^1].PathAndQuery);
    }

    [Fact]
    public async Task AliasSet_NumericAlias_ExitsUsageWithoutCallingServer()
    {
        var run = await _cli.RunAsync("models", "alias", "set", "churn", "42", "--version", "1");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("Alias '42' is invalid", run.Error, StringComparison.Ordinal);
        Assert.Empty(_cli.Server.Requests);
    }

    [Fact]
    public async Task AliasDelete_Unknown_ExitsApiErrorWithServerMessage()
    {
        _cli.Server.AddVersion("churn", [1]);

        var run = await _cli.RunAsync("models", "alias", "delete", "churn", "champion");

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        Assert.Contains("no alias 'champion'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TagSetAndDelete_SendKeyAndValueToVersionPath()
    {
        _cli.Server.AddVersion("churn", [1]);

        var set = await _cli.RunAsync("models", "tag", "set", "churn@1", "stage", "prod");
        var delete = await _cli.RunAsync("models", "tag", "delete", "churn@1", "stage");

        Assert.Equal((ExitCodes.Success, ExitCodes.Success), (set.ExitCode, delete.ExitCode));
        Assert.Equal(("PUT", "/api/v1/models/churn/versions/1/tags/stage", """{"value":"prod"}"""),
            (_cli.Server.Requests[0].Method.Method, _cli.Server.Requests[0].PathAndQuery, _cli.Server.Requests[0].BodyText));
        Assert.Equal(("DELETE", "/api/v1/models/churn/versions/1/tags/stage"), (_cli.Server.Requests[1].Method.Method, _cli.Server.Requests[1].PathAndQuery));
    }

    [Fact]
    public async Task VersionsApprove_SendsCommentNotUser_ShowsWhoTheServerRecorded()
    {
        _cli.Server.AddVersion("churn", [1]);
        _cli.Variables["USER"] = "ana";

        var run = await _cli.RunAsync("versions", "approve", "churn@1", "--comment", "passed review");

        Assert.Contains("churn@1 is now approved by anonymous at 20", run.Out, StringComparison.Ordinal);
        var body = JsonSerializer.Deserialize(_cli.Server.Requests[0].Body, ModelplaneJsonContext.Default.ApprovalRequest)!;
        Assert.Equal(new ApprovalRequest("approved", null, "passed review"), body);
    }

    [Fact]
    public async Task Reject_WithoutComment_ExitsUsage()
    {
        var run = await _cli.RunAsync("versions", "reject", "churn@1");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--comment", run.Error, StringComparison.Ordinal);
        Assert.Empty(_cli.Server.Requests);
    }

    [Fact]
    public async Task Show_ApprovedVersionWithLineage_PrintsNewFields()
    {
        _cli.Server.AddVersion("churn", [1]);
        var v2 = _cli.Server.AddVersion("churn", [2]) with
        {
            Params = new Dictionary<string, string> { ["lr"] = "0.1" },
            Lineage = new LineageDto("train.csv", null, "repo", "c1", "r9", [1], "ana"),
            Approval = new ApprovalDto("approved", "bo", FakeModelplaneServer.Created, "ok"),
            Aliases = ["champion"],
        };
        _cli.Server.Update(v2);

        var run = await _cli.RunAsync("models", "show", "churn@2");

        foreach (var expected in new[] { "champion", "approved by bo at 2026-05-01 12:00:00Z: ok", "lr=0.1", "train.csv", "repo@c1", "r9", "churn@1" })
        {
            Assert.Contains(expected, run.Out, StringComparison.Ordinal);
        }
    }
}
