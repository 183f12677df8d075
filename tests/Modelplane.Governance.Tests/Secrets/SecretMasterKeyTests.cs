using System.Security.Cryptography;
using Modelplane.Governance.Secrets;

namespace Modelplane.Governance.Tests.Secrets;

public sealed class SecretMasterKeyTests
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Key_NoKeyConfigured_GeneratesKeyFileWithMode0600()
    {
        using var scope = await ControlDatabaseScope.CreateAsync();
        var key = scope.MasterKey();

        key.EnsureLoaded();

        var path = Path.Combine(scope.DataDirectory, "secret.key");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(key.Key.ToArray(), Convert.FromBase64String(File.ReadAllText(path)));
        Assert.Equal(32, key.Key.Length);
        Assert.Empty(Directory.GetFiles(scope.DataDirectory, ".secret.key*"));
    }

    [Fact]
    public async Task Key_SecondStart_ReadsTheSameGeneratedKey()
    {
        using var scope = await ControlDatabaseScope.CreateAsync();
        var first = scope.MasterKey();
        first.EnsureLoaded();

        var second = scope.MasterKey();

        Assert.Equal(first.Id, second.Id);
    }

    [Fact]
    public async Task Key_FromEnvironment_WinsOverFileAndWritesNoFile()
    {
        using var scope = await ControlDatabaseScope.CreateAsync();
        var bytes = RandomNumberGenerator.GetBytes(32);

        var key = new SecretMasterKey(Convert.ToBase64String(bytes), "/nonexistent/secret.key", scope.DataDirectory, ControlDatabaseScope.FileSystem);

        Assert.Equal(bytes, key.Key.ToArray());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)[..8]), key.Id);
        Assert.False(File.Exists(Path.Combine(scope.DataDirectory, "secret.key")));
    }

    [Fact]
    public async Task Key_FromConfiguredFile_ReadsIt()
    {
        using var scope = await ControlDatabaseScope.CreateAsync();
        var bytes = RandomNumberGenerator.GetBytes(32);
        var file = Path.Combine(scope.DataDirectory, "custom.key");
        await File.WriteAllTextAsync(file, Convert.ToBase64String(bytes) + "\n", TestContext.Current.CancellationToken);

        var key = new SecretMasterKey(null, file, scope.DataDirectory, ControlDatabaseScope.FileSystem);

        Assert.Equal(bytes, key.Key.ToArray());
    }

    [Theory]
    [InlineData("not base64!", "is not base64")]
    [InlineData("AAAA", "is 3 bytes; it must be 32")]
    public async Task Key_MalformedEnvironmentKey_ThrowsNamingTheSource(string value, string problem)
    {
        using var scope = await ControlDatabaseScope.CreateAsync();
        var key = new SecretMasterKey(value, null, scope.DataDirectory, ControlDatabaseScope.FileSystem);

        var ex = Assert.Throws<SecretKeyException>(key.EnsureLoaded);

        Assert.Contains("MODELPLANE_SECRET_KEY", ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }
}
