using System.Security.Cryptography;
using System.Text.Json;
using Modelplane.Cli.Tests.Fakes;
using Modelplane.Client;
using Modelplane.Testing.FileSystem;

namespace Modelplane.Cli.Tests.Cli;

public sealed class ModelsCommandsTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Push_File_PrintsVersionAndSha256AndSendsDigestForVerification()
    {
        var bytes = RandomNumberGenerator.GetBytes(2048);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        _cli.Server.AddVersion("churn", [9]);

        var run = await _cli.RunAsync("models", "push", "churn", _temp.File("m.onnx", bytes), "--tag", "team=risk", "--metric", "auc=0.91");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Pushed churn version 2", run.Out, StringComparison.Ordinal);
        Assert.Contains($"sha256:{sha}", run.Out, StringComparison.Ordinal);
        Assert.Contains("2 KiB", run.Out, StringComparison.Ordinal);
        Assert.EndsWith($"?tag=team%3Drisk&metric=auc%3D0.91&sha256={sha}", _cli.Server.Requests[0].PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(bytes, _cli.Server.Requests[0].Body);
    }

    [Fact]
    public async Task Push_Json_PrintsModelVersionDto()
    {
        var bytes = RandomNumberGenerator.GetBytes(100);

        var run = await _cli.RunAsync("models", "push", "churn", _temp.File("m.onnx", bytes), "--description", "v1", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var version = JsonSerializer.Deserialize(run.Out, ModelplaneJsonContext.Default.ModelVersionDto)!;
        Assert.Equal((1, "v1", 100L), (version.Version, version.Description, version.SizeBytes));
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), version.Digest);
    }

    [Fact]
    public async Task Push_MalformedMetric_ExitsUsageWithoutUploading()
    {
        var run = await _cli.RunAsync("models", "push", "churn", _temp.File("m.onnx", [1]), "--metric", "auc");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--metric 'auc' is not KEY=VALUE. Example: --metric auc=0.91.", run.Error, StringComparison.Ordinal);
        Assert.Empty(_cli.Server.Requests);
    }

    [Fact]
    public async Task Push_MissingFile_ExitsUsage()
    {
        var run = await _cli.RunAsync("models", "push", "churn", Path.Combine(_temp.Path, "absent.onnx"));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("absent.onnx' does not exist.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Json_PrintsEveryModel()
    {
        _cli.Server.AddVersion("a", [1]);
        _cli.Server.AddVersion("b", [2]);

        var run = await _cli.RunAsync("models", "list", "--json");

        var models = JsonSerializer.Deserialize(run.Out, ModelplaneJsonContext.Default.IReadOnlyListModelSummaryDto)!;
        Assert.Equal(["a", "b"], models.Select(m => m.Name));
    }

    [Fact]
    public async Task List_Table_ShowsNamesAndLatestVersions()
    {
        _cli.Server.AddVersion("iris", [1]);
        _cli.Server.AddVersion("iris", [2]);

        var run = await _cli.RunAsync("models", "list");

        Assert.Contains(run.Out.Split('\n'), line => line.Contains("iris", StringComparison.Ordinal) && line.Contains(" 2 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Show_Version_PrintsSignatureWithDynamicDimensionAsN()
    {
        _cli.Server.AddVersion("churn", new byte[3000]);

        var run = await _cli.RunAsync("models", "show", "churn@1");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains(run.Out.Split('\n'), l => l.Contains("Features", StringComparison.Ordinal) && l.Contains("FP32", StringComparison.Ordinal) && l.Contains("[N, 3]", StringComparison.Ordinal));
        Assert.Contains("2.9 KiB (3000 bytes)", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_WithoutVersionJson_PrintsModelWithAllVersions()
    {
        _cli.Server.AddVersion("churn", [1]);
        _cli.Server.AddVersion("churn", [2]);

        var run = await _cli.RunAsync("models", "show", "churn", "--json");

        var model = JsonSerializer.Deserialize(run.Out, ModelplaneJsonContext.Default.ModelDto)!;
        Assert.Equal([2, 1], model.Versions.Select(v => v.Version));
    }

    [Fact]
    public async Task Show_UnknownModel_ExitsApiErrorWithServerMessageAndHint()
    {
        var run = await _cli.RunAsync("models", "show", "nope");

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        Assert.Contains("Error: Model 'nope' does not exist.", run.Error, StringComparison.Ordinal);
        Assert.Contains("Hint: Run `modelplane models list` to see models.", run.Error, StringComparison.Ordinal);
    }
}
