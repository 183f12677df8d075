using Dapper;
using Modelplane.Registry.Storage.Sqlite;

namespace Modelplane.Registry.Tests.Storage;

public sealed class SqliteMetadataStoreTests : IAsyncLifetime
{
    private readonly SqliteStoreFixture _fixture = new();
    private SqliteMetadataStore _store = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _store = (SqliteMetadataStore)await _fixture.CreateStoreAsync(Ct);

    public ValueTask DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task OpenAsync_NewConnection_AppliesDurabilityPragmas()
    {
        await using var connection = await _store.Connections.OpenAsync(Ct);

        var pragmas = (
            await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"),
            await connection.ExecuteScalarAsync<long>("PRAGMA synchronous"),
            await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"),
            await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout"));

        Assert.Equal(("wal", 2L, 1L, 5000L), pragmas);
    }

    [Fact]
    public async Task MigrateAsync_Twice_JournalsEachScriptOnce()
    {
        await _store.MigrateAsync(Ct);

        await using var connection = await _store.Connections.OpenAsync(Ct);
        var scripts = (await connection.QueryAsync<string>("SELECT ScriptName FROM SchemaVersions")).ToList();

        // Every embedded migration, each journaled once (new migrations join the list without editing this test).
        var embedded = typeof(SqliteConnectionFactory).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Modelplane.Registry.Storage.Migrations.Sqlite.", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Contains("Modelplane.Registry.Storage.Migrations.Sqlite.0001_initial.sql", scripts);
        Assert.Equal(embedded, scripts.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Constructor_DataDirectory_PutsDatabaseInIt() =>
        Assert.True(File.Exists(Path.Combine(_fixture.DataDirectory, SqliteConnectionFactory.FileName)));
}
