using System.Text.Json;
using Modelplane.Cli.Tests.Fakes;
using Modelplane.Cli.Tests.Real;
using Modelplane.Client;

namespace Modelplane.Cli.Tests.Cli;

/// <summary><c>workspaces</c>, <c>whoami</c>, <c>members</c> and <c>tokens</c> against the real server.</summary>
public sealed class AccessCommandsTests(RealServer server) : IClassFixture<RealServer>
{
    private readonly CliHarness _cli = new() { ClientFactory = uri => new ModelplaneClient(uri) };

    [Fact]
    public async Task WorkspaceCreated_ItsTokenActsInIt_ThenDeleteEndsIt()
    {
        var created = await RunAsync(server.AdminToken, "workspaces", "create", "cli-team", "--description", "CLI test", "--json");
        Assert.True(created.ExitCode == ExitCodes.Success, created.Error);
        var token = JsonSerializer.Deserialize(created.Out, ModelplaneJsonContext.Default.CreatedWorkspaceDto)!.AdminToken.Secret;

        var whoami = await RunAsync(token, "whoami");
        var list = await RunAsync(server.AdminToken, "workspaces", "list");
        var tenantList = await RunAsync(token, "workspaces", "list");

        Assert.Contains("admin in workspace cli-team as admin", whoami.Out, StringComparison.Ordinal);
        Assert.Contains("cli-team", list.Out, StringComparison.Ordinal);
        Assert.Contains("CLI test", list.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ApiError, tenantList.ExitCode);
        Assert.Contains("may not do this", tenantList.Error, StringComparison.Ordinal);

        var deleted = await RunAsync(server.AdminToken, "workspaces", "delete", "cli-team");
        var after = await RunAsync(token, "whoami");

        Assert.True(deleted.ExitCode == ExitCodes.Success, deleted.Error);
        Assert.Contains("Deleted workspace cli-team", deleted.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ApiError, after.ExitCode);
    }

    [Fact]
    public async Task MemberAndToken_CreatedInAWorkspace_ListedWithoutTheSecret()
    {
        var created = await RunAsync(server.AdminToken, "workspaces", "create", "cli-members", "--json");
        var admin = JsonSerializer.Deserialize(created.Out, ModelplaneJsonContext.Default.CreatedWorkspaceDto)!.AdminToken.Secret;

        var add = await RunAsync(admin, "members", "add", "alice", "--role", "developer");
        var token = await RunAsync(admin, "tokens", "create", "--principal", "alice", "--json");
        var secret = JsonSerializer.Deserialize(token.Out, ModelplaneJsonContext.Default.CreatedApiTokenDto)!.Secret;
        var alice = await RunAsync(secret, "whoami");
        var tokens = await RunAsync(admin, "tokens", "list");
        var defaultMembers = await RunAsync(server.AdminToken, "members", "list");

        Assert.True(add.ExitCode == ExitCodes.Success, add.Error);
        Assert.Contains("alice in workspace cli-members as developer", alice.Out, StringComparison.Ordinal);
        Assert.Contains("alice", tokens.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[16..], tokens.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", defaultMembers.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SandboxEndpoint_MadeLiveThenOpened_ShowsInTheList()
    {
        var model = $"m{Guid.NewGuid():N}"[..16];
        using var temp = new Modelplane.Testing.FileSystem.TempDirectory();
        var onnx = temp.File($"{model}.onnx", Modelplane.Testing.Onnx.OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], 1f).Build());
        Assert.Equal(ExitCodes.Success, (await RunAsync(server.AdminToken, "models", "push", model, onnx)).ExitCode);

        var created = await RunAsync(server.AdminToken, "endpoints", "create", model, "--model", $"{model}@1", "--sandbox");
        var refused = await RunAsync(server.AdminToken, "endpoints", "anonymous", model, "open");
        var live = await RunAsync(server.AdminToken, "endpoints", "state", model, "live");
        var opened = await RunAsync(server.AdminToken, "endpoints", "anonymous", model, "open");
        var list = await RunAsync(server.AdminToken, "endpoints", "list", "--json");

        Assert.Contains($"Created sandbox endpoint {model}", created.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ApiError, refused.ExitCode);
        Assert.Contains("only a live endpoint may be opened", refused.Error, StringComparison.Ordinal);
        Assert.Contains($"Endpoint {model} is live", live.Out, StringComparison.Ordinal);
        Assert.Contains("now answers predictions without a token", opened.Out, StringComparison.Ordinal);
        var endpoint = JsonSerializer.Deserialize(list.Out, ModelplaneJsonContext.Default.IReadOnlyListEndpointDto)!.Single(e => e.Name == model);
        Assert.Equal(("live", true), (endpoint.State, endpoint.AnonymousPredictions));
    }

    private Task<CliRun> RunAsync(string token, params string[] args) => _cli.RunAsync([.. args, "--server", server.Url, "--token", token]);
}
