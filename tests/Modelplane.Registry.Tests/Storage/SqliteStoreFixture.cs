using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Modelplane.Registry.Storage;
using Modelplane.Registry.Storage.Sqlite;
using Modelplane.Testing.FileSystem;

namespace Modelplane.Registry.Tests.Storage;

/// <summary>A SQLite database in a fresh temp directory.</summary>
public sealed class SqliteStoreFixture : IMetadataStoreFixture
{
    private readonly TempDirectory _directory = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    internal string DataDirectory => _directory.Path;

    public async Task<IMetadataStore> CreateStoreAsync(CancellationToken ct)
    {
        var store = new SqliteMetadataStore(_directory.Path, Time);
        await store.MigrateAsync(ct);
        return store;
    }

    public Task<IMetadataStore> ReopenAsync(CancellationToken ct)
    {
        // Drop pooled connections first so the new instance really opens the file again.
        ClearPool();
        return CreateStoreAsync(ct);
    }

    public ValueTask DisposeAsync()
    {
        ClearPool();
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }

    private void ClearPool()
    {
        using var connection = new SqliteConnection(new SqliteConnectionFactory(_directory.Path).ConnectionString);
        SqliteConnection.ClearPool(connection);
    }
}
