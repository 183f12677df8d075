using System.Text.Json;
using Modelplane.Cli.Tests.Fakes;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Testing.FileSystem;

namespace Modelplane.Cli.Tests.Cli.Archive;

/// <summary><c>models export</c> and <c>models import</c> against two real servers.</summary>
public sealed class ModelsArchiveCommandsTests : IAsyncLifetime
{
    private static readonly string Models = Path.Combine(AppContext.BaseDirectory, "samples", "models");
    private readonly CliHarness _cli = new() { ClientFactory = uri => new ModelplaneClient(uri) };
    private readonly TempDirectory _temp = new();
    private InProcessServer _source = null!;
    private InProcessServer _target = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _source = await InProcessServer.StartAsync();
        _target = await InProcessServer.StartAsync();
        using var client = _source.CreateClient();
        foreach (var file in new[] { "breast-cancer.onnx", "iris.onnx" })
        {
            await using var stream = File.OpenRead(Path.Combine(Models, file));
            await client.PushModelAsync("mixed", stream, new PushOptions { Tags = new Dictionary<string, string> { ["file"] = file } }, ct: Ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _source.DisposeAsync();
        await _target.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task ExportThenImportAs_TwoServers_SameDigestsAndTables()
    {
        var archive = Path.Combine(_temp.Path, "mixed.tar.gz");

        var export = await _cli.RunAsync("models", "export", "mixed", "-o", archive, "--server", _source.Url.AbsoluteUri, "--token", _source.AdminToken);
        var import = await _cli.RunAsync("models", "import", archive, "--as", "copy", "--server", _target.Url.AbsoluteUri, "--token", _target.AdminToken);

        Assert.True(export.ExitCode == ExitCodes.Success, export.Error);
        Assert.Contains("Exported mixed (2 versions, 2 blobs)", export.Out, StringComparison.Ordinal);
        Assert.Equal([0x1f, 0x8b], (await File.ReadAllBytesAsync(archive, Ct))[..2]);
        Assert.False(File.Exists(archive + ".partial"));
        Assert.True(import.ExitCode == ExitCodes.Success, import.Error);
        Assert.Contains("Imported copy: 2 versions, latest 2", import.Out, StringComparison.Ordinal);
        Assert.Equal(await DigestsAsync(_source, "mixed"), await DigestsAsync(_target, "copy"));
        Assert.All((await DigestsAsync(_target, "copy")).Select(d => d[..12]), d => Assert.Contains(d, import.Out, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExportJson_PrintsTheArchivesManifest()
    {
        var archive = Path.Combine(_temp.Path, "mixed.tar");

        var export = await _cli.RunAsync("models", "export", "mixed", "-o", archive, "--json", "--server", _source.Url.AbsoluteUri, "--token", _source.AdminToken);

        Assert.True(export.ExitCode == ExitCodes.Success, export.Error);
        using var manifest = JsonDocument.Parse(export.Out);
        Assert.Equal(1, manifest.RootElement.GetProperty("formatVersion").GetInt32());
        Assert.Equal(await DigestsAsync(_source, "mixed"), manifest.RootElement.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("digest").GetString()!).ToList());
    }

    [Fact]
    public async Task ImportJson_ExistingName_ExitsApiErrorWithHint()
    {
        var archive = Path.Combine(_temp.Path, "mixed.tar");
        await _cli.RunAsync("models", "export", "mixed", "-o", archive, "--server", _source.Url.AbsoluteUri, "--token", _source.AdminToken);

        var first = await _cli.RunAsync("models", "import", archive, "--json", "--server", _target.Url.AbsoluteUri, "--token", _target.AdminToken);
        var again = await _cli.RunAsync("models", "import", archive, "--server", _target.Url.AbsoluteUri, "--token", _target.AdminToken);

        Assert.True(first.ExitCode == ExitCodes.Success, first.Error);
        var model = JsonSerializer.Deserialize(first.Out, ModelplaneJsonContext.Default.ModelDto)!;
        Assert.Equal(("mixed", 2), (model.Name, model.Versions.Count));
        Assert.Equal(ExitCodes.ApiError, again.ExitCode);
        Assert.Contains("Model 'mixed' already exists", again.Error, StringComparison.Ordinal);
        Assert.Contains("--as NAME", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_UnknownModel_ExitsApiErrorAndWritesNoFile()
    {
        var archive = Path.Combine(_temp.Path, "none.tar");

        var export = await _cli.RunAsync("models", "export", "none", "-o", archive, "--server", _source.Url.AbsoluteUri, "--token", _source.AdminToken);

        Assert.Equal(ExitCodes.ApiError, export.ExitCode);
        Assert.Contains("Model 'none' not found.", export.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(_temp.Path));
    }

    [Fact]
    public async Task Import_MissingFile_ExitsUsage()
    {
        var import = await _cli.RunAsync("models", "import", Path.Combine(_temp.Path, "absent.tar"), "--server", _target.Url.AbsoluteUri, "--token", _target.AdminToken);

        Assert.Equal(ExitCodes.Usage, import.ExitCode);
        Assert.Contains("does not exist", import.Error, StringComparison.Ordinal);
    }

    private static async Task<List<string>> DigestsAsync(InProcessServer server, string model)
    {
        using var client = server.CreateClient();
        return [.. (await client.GetModelAsync(model, Ct)).Versions.OrderBy(v => v.Version).Select(v => v.Digest)];
    }
}
