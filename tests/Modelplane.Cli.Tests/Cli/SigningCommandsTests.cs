using System.Text.Json;
using Modelplane.Cli.Tests.Fakes;
using Modelplane.Cli.Tests.Real;
using Modelplane.Client;
using Modelplane.Testing.FileSystem;
using Modelplane.Testing.Onnx;

namespace Modelplane.Cli.Tests.Cli;

/// <summary><c>keys create</c>, <c>models push --sign</c> and <c>secrets set</c> against the real server.</summary>
public sealed class SigningCommandsTests(RealServer server) : IClassFixture<RealServer>, IDisposable
{
    private readonly CliHarness _cli = new() { ClientFactory = uri => new ModelplaneClient(uri) };
    private readonly TempDirectory _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task KeysCreateThenPushSign_RealServer_PrivateKey0600AndVersionSignedByThatKey()
    {
        _cli.Variables["HOME"] = _home.Path;
        var key = $"k{Guid.NewGuid():N}"[..12];
        var model = $"m{Guid.NewGuid():N}"[..16];
        var file = _home.File("model.onnx", OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], 1f).Build());

        var created = await RunAsync("keys", "create", key, "--json");
        var pushed = await RunAsync("models", "push", model, file, "--sign", key, "--json");

        Assert.True(created.ExitCode == ExitCodes.Success, created.Error);
        Assert.True(pushed.ExitCode == ExitCodes.Success, pushed.Error);
        var keyFile = Path.Combine(_home.Path, ".modelplane", "keys", key + ".key");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        var registered = JsonSerializer.Deserialize(created.Out, ModelplaneJsonContext.Default.SigningKeyDto)!;
        var version = JsonSerializer.Deserialize(pushed.Out, ModelplaneJsonContext.Default.ModelVersionDto)!;
        Assert.Equal([(key, registered.Fingerprint)], version.Signatures.Select(s => (s.Key, s.Fingerprint)));
        Assert.DoesNotContain("PRIVATE KEY", created.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushSign_NoPrivateKeyFile_ExitsUsageNamingKeysCreate()
    {
        _cli.Variables["HOME"] = _home.Path;
        var file = _home.File("model.onnx", OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], 1f).Build());

        var run = await RunAsync("models", "push", "unsigned-model", file, "--sign", "missing-key");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("Create one with `modelplane keys create missing-key`", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecretsSet_ValueFromStdin_ListShowsMaskedValueOnly()
    {
        var name = $"s{Guid.NewGuid():N}"[..12];

        var set = await _cli.RunWithInputAsync("from-stdin-value", "secrets", "set", name, "--json", "--server", server.Url, "--token", server.AdminToken);
        var list = await RunAsync("secrets", "list", "--json");

        Assert.True(set.ExitCode == ExitCodes.Success, set.Error);
        Assert.DoesNotContain("from-stdin-value", set.Out + list.Out, StringComparison.Ordinal);
        var secrets = JsonSerializer.Deserialize(list.Out, ModelplaneJsonContext.Default.IReadOnlyListSecretDto)!;
        Assert.Contains(secrets, s => s.Name == name && s.Version == 1 && s.Value == "***");
    }

    private Task<CliRun> RunAsync(params string[] args) => _cli.RunAsync([.. args, "--server", server.Url, "--token", server.AdminToken]);
}
