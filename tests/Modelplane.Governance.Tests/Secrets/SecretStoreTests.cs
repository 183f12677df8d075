using System.Security.Cryptography;
using System.Text;
using Dapper;
using Modelplane.Governance.Secrets;

namespace Modelplane.Governance.Tests.Secrets;

public sealed class SecretStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ResolveAsync_AfterSet_ReturnsTheValue()
    {
        using var scope = await ControlDatabaseScope.CreateAsync();
        var store = scope.Secrets();

        await store.SetAsync("default", "webhook-token", "s3cr3t-välue", Ct);

        Assert.Equal("s3cr3t-välue", await store.ResolveAsync("default", "webhook-token", Ct));
    }

    [Fact]
    public async Task SetAsync_StoredRow_HoldsNeitherThePlaintextNorItsBase64()
    {
        using var scope = await ControlDatabaseScope.CreateAsync();
        const string value = "plaintext-that-must-not-be-stored-0123456789";
        await scope.Secrets().SetAsync("default", "storage-key", value, Ct);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        // Every byte of the database and its WAL, not just the column: the plaintext must be nowhere on disk.
        var files = Directory.GetFiles(scope.DataDirectory, "control.db*");
        var bytes = files.SelectMany(File.ReadAllBytes).ToArray();

        Assert.NotEmpty(files);
        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)));
        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(value)))));
    }

    [Fact]
    public async Task ResolveAsync_OtherMasterKey_ThrowsNamingBothKeyIds()
    {
        using var scope = await ControlDatabaseScope.CreateAsync();
        var original = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var other = scope.MasterKey(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        await scope.Secrets(scope.MasterKey(original)).SetAsync("default", "api-key", "value-1", Ct);

        var ex = await Assert.ThrowsAsync<SecretUnreadableException>(() => scope.Secrets(other).ResolveAsync("default", "api-key", Ct));

        Assert.Contains($"was encrypted with master key {scope.MasterKey(original).Id}, but this server's key is {other.Id}", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("value-1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_RowMovedToAnotherName_FailsIntegrityCheck()
    {
        using var scope = await ControlDatabaseScope.CreateAsync();
        var store = scope.Secrets();
        await store.SetAsync("default", "prod-password", "the-prod-value", Ct);
        await store.SetAsync("default", "dev-password", "the-dev-value", Ct);
        await using (var connection = await scope.Database.OpenAsync(Ct))
        {
            // An attacker with write access to the database copies the prod ciphertext under the name they can read.
            await connection.ExecuteAsync(
                """
                UPDATE secrets SET (nonce, ciphertext, tag) = (SELECT nonce, ciphertext, tag FROM secrets WHERE name = 'prod-password')
                WHERE name = 'dev-password'
                """);
        }

        var ex = await Assert.ThrowsAsync<SecretUnreadableException>(() => store.ResolveAsync("default", "dev-password", Ct));

        Assert.Contains("Secret 'dev-password' in workspace 'default' failed its integrity check", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_RowMovedToAnotherWorkspace_FailsIntegrityCheck()
    {
        using var scope = await ControlDatabaseScope.CreateAsync();
        var store = scope.Secrets();
        await store.SetAsync("team-a", "token", "team-a-value", Ct);
        await using (var connection = await scope.Database.OpenAsync(Ct))
        {
            await connection.ExecuteAsync("UPDATE secrets SET workspace = 'team-b' WHERE workspace = 'team-a'");
        }

        await Assert.ThrowsAsync<SecretUnreadableException>(() => store.ResolveAsync("team-b", "token", Ct));
    }

    [Fact]
    public async Task SetAsync_ExistingName_RotatesToNextVersionAndNewValue()
    {
        using var scope = await ControlDatabaseScope.CreateAsync();
        var store = scope.Secrets();
        var (first, created) = await store.SetAsync("default", "api-key", "old", Ct);
        scope.Time.Advance(TimeSpan.FromMinutes(5));

        var (second, createdAgain) = await store.SetAsync("default", "api-key", "new", Ct);

        Assert.Equal((1, true), (first.Version, created));
        Assert.Equal((2, false), (second.Version, createdAgain));
        Assert.Equal(first.CreatedAt, second.CreatedAt);
        Assert.Equal(first.UpdatedAt + TimeSpan.FromMinutes(5), second.UpdatedAt);
        Assert.Equal("new", await store.ResolveAsync("default", "api-key", Ct));
    }

    [Fact]
    public async Task ListAsync_TwoWorkspaces_ListsOnlyTheWorkspacesNamesInOrder()
    {
        using var scope = await ControlDatabaseScope.CreateAsync();
        var store = scope.Secrets();
        await store.SetAsync("default", "zeta", "1", Ct);
        await store.SetAsync("default", "alpha", "2", Ct);
        await store.SetAsync("other", "beta", "3", Ct);

        var listed = await store.ListAsync("default", Ct);

        Assert.Equal(["alpha", "zeta"], listed.Select(s => s.Name));
    }

    [Fact]
    public async Task DeleteAsync_ThenResolve_NotFound()
    {
        using var scope = await ControlDatabaseScope.CreateAsync();
        var store = scope.Secrets();
        await store.SetAsync("default", "gone", "value", Ct);

        var deleted = await store.DeleteAsync("default", "gone", Ct);
        var again = await store.DeleteAsync("default", "gone", Ct);

        Assert.Equal((true, false), (deleted, again));
        var ex = await Assert.ThrowsAsync<SecretNotFoundException>(() => store.ResolveAsync("default", "gone", Ct));
        Assert.Equal("Secret 'gone' does not exist in workspace 'default'.", ex.Message);
    }

    [Fact]
    public async Task SetAsync_SameValueTwice_UsesAFreshNonce()
    {
        using var scope = await ControlDatabaseScope.CreateAsync();
        var store = scope.Secrets();
        await store.SetAsync("default", "a", "same", Ct);
        await store.SetAsync("default", "b", "same", Ct);
        await using var connection = await scope.Database.OpenAsync(Ct);

        var nonces = (await connection.QueryAsync<byte[]>("SELECT nonce FROM secrets")).Select(Convert.ToHexString).ToList();

        Assert.Equal(2, nonces.Distinct().Count());
    }
}
