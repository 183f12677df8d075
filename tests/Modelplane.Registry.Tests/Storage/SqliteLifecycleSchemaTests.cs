using Dapper;
using Modelplane.Registry.Storage.Sqlite;
using Modelplane.Registry.Storage.Sqlite.Lifecycle;

namespace Modelplane.Registry.Tests.Storage;

public sealed class SqliteLifecycleSchemaTests : IAsyncLifetime
{
    private readonly SqliteStoreFixture _fixture = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _fixture.CreateStoreAsync(Ct);

    public ValueTask DisposeAsync() => _fixture.DisposeAsync();

    // A table added later with a foreign key to model_versions would make purge fail (or leave rows behind) until
    // purge learns how to clear it; this names the table.
    [Fact]
    public async Task PurgeDependentRows_CoverEveryTableReferencingVersions()
    {
        await using var connection = await new SqliteConnectionFactory(_fixture.DataDirectory).OpenAsync(Ct);
        var referencing = await connection.QueryAsync<string>("""
            SELECT DISTINCT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f
            WHERE m.type = 'table' AND f."table" = 'model_versions' ORDER BY m.name
            """);

        // Endpoints, their traffic splits and their policies put a version to use (VersionUsage): purge refuses them rather than clearing them.
        var expected = SqliteModelLifecycleStore.DependentRows.Keys.Append("endpoints").Append("endpoint_traffic").Append("endpoint_policies").Order(StringComparer.Ordinal);
        Assert.Equal(expected, referencing);
    }
}
