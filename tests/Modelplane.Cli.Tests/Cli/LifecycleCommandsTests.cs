using System.Text.Json;
using Modelplane.Cli.Tests.Fakes;
using Modelplane.Cli.Tests.Real;
using Modelplane.Client;
using Modelplane.Testing.FileSystem;
using Modelplane.Testing.Onnx;

namespace Modelplane.Cli.Tests.Cli;

/// <summary><c>models delete|restore|purge|deleted</c> against the real server.</summary>
public sealed class LifecycleCommandsTests(RealServer server) : IClassFixture<RealServer>, IDisposable
{
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;
    private static int _models;
    private readonly CliHarness _cli = new() { ClientFactory = uri => new ModelplaneClient(uri) };
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Delete_Version_PrintsUndoHintAndShowFails404()
    {
        var model = await PushAsync(2);
        _cli.Variables["USER"] = "ana";

        var delete = await RunAsync("models", "delete", $"{model}@2", "--reason", "leaked labels");
        var show = await RunAsync("models", "show", $"{model}@2");
        var deleted = await RunAsync("models", "deleted", model, "--json");

        Assert.Equal(ExitCodes.Success, delete.ExitCode);
        Assert.Contains($"Deleted {model}@2; it is no longer served.", delete.Out, StringComparison.Ordinal);
        Assert.Contains($"modelplane models restore {model}@2", delete.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ApiError, show.ExitCode);
        var version = Assert.Single(JsonSerializer.Deserialize(deleted.Out, Json.DeletedItemsDto)!.Versions);
        Assert.Equal((2, "ana", "leaked labels"), (version.Version, version.DeletedBy, version.Reason));
    }

    [Fact]
    public async Task Delete_VersionServedByEndpoint_ExitsApiErrorNamingEndpoint()
    {
        var model = await PushAsync(1);
        var endpoint = $"{model}-prod";
        Assert.Equal(ExitCodes.Success, (await RunAsync("endpoints", "create", endpoint, "--model", $"{model}@1")).ExitCode);

        var delete = await RunAsync("models", "delete", $"{model}@1");

        Assert.Equal(ExitCodes.ApiError, delete.ExitCode);
        Assert.Contains($"endpoint '{endpoint}' serves version 1", delete.Error.ReplaceLineEndings(" "), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteThenRestore_Model_ListsItDeletedThenServesItAgain()
    {
        var model = await PushAsync(2);

        var delete = await RunAsync("models", "delete", model);
        var table = await RunAsync("models", "deleted", model);
        var restore = await RunAsync("models", "restore", model);
        var show = await RunAsync("models", "show", model, "--json");

        Assert.Contains($"Deleted model {model} with versions 1, 2", delete.Out.ReplaceLineEndings(" "), StringComparison.Ordinal);
        Assert.Matches($@"model {model}\s*│\s*1, 2", table.Out);
        Assert.Contains($"Restored model {model} with versions 2, 1", restore.Out, StringComparison.Ordinal);
        Assert.Equal(2, JsonSerializer.Deserialize(show.Out, Json.ModelDto)!.LatestVersion);
    }

    [Fact]
    public async Task Purge_DeletedVersion_ReportsVersionAndFreedBlob()
    {
        var model = await PushAsync(2);
        await RunAsync("models", "delete", $"{model}@1");

        var purge = await RunAsync("models", "purge", $"{model}@1");
        var again = await RunAsync("models", "purge", model);

        Assert.Equal(ExitCodes.Success, purge.ExitCode);
        Assert.Contains($"Purged 1 version: {model}@1", purge.Out, StringComparison.Ordinal);
        Assert.Contains("Deleted 1 unreferenced blob", purge.Out, StringComparison.Ordinal);
        Assert.Contains($"Nothing to purge: {model} has no deleted versions.", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Purge_LiveVersion_ExitsApiError()
    {
        var model = await PushAsync(1);

        var purge = await RunAsync("models", "purge", $"{model}@1");

        Assert.Equal(ExitCodes.ApiError, purge.ExitCode);
        Assert.Contains("is not deleted", purge.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("purge")]
    [InlineData("purge", "churn", "--all")]
    [InlineData("restore", "churn@champion")]
    public async Task Lifecycle_BadArguments_ExitUsage(params string[] args)
    {
        var run = await RunAsync(["models", .. args]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    private Task<CliRun> RunAsync(params string[] args) => _cli.RunAsync([.. args, "--server", server.Url, "--token", server.AdminToken]);

    private async Task<string> PushAsync(int versions)
    {
        var model = $"m{Guid.NewGuid():N}"[..16];

        // Distinct bytes per model: tests share the server, and a blob shared with another test's model is (rightly) kept.
        var first = Interlocked.Add(ref _models, 100);
        for (var v = 1; v <= versions; v++)
        {
            var file = _temp.File($"{model}-{v}.onnx", OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], first + v).Build());
            Assert.Equal(ExitCodes.Success, (await RunAsync("models", "push", model, file)).ExitCode);
        }

        return model;
    }
}
