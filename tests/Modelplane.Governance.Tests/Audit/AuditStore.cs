using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Modelplane.Governance.Audit;
using Modelplane.Governance.Storage;
using Modelplane.Testing.FileSystem;

namespace Modelplane.Governance.Tests.Audit;

/// <summary>A real, migrated control database in a temp directory with an <see cref="AuditLog"/> over it.</summary>
internal sealed class AuditStore : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();

    private AuditStore()
    {
        Database = new ControlDatabase(_dir.Path);
        Log = new AuditLog(Database, Time);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public ControlDatabase Database { get; }

    public AuditLog Log { get; }

    public static async Task<AuditStore> CreateAsync()
    {
        var store = new AuditStore();
        await store.Database.MigrateAsync(TestContext.Current.CancellationToken);
        return store;
    }

    public static AuditEntry Entry(
        string workspace = "default", string actor = "ana", string action = "CreateEndpoint", string target = "POST /api/v1/endpoints",
        AuditOutcome outcome = AuditOutcome.Succeeded, int? status = 201, string? before = null, string? after = null) =>
        new(workspace, actor, action, target, outcome, status, before, after, "127.0.0.1", "req-1");

    public Task<AuditRecord> AppendAsync(AuditEntry entry) => Log.AppendRecordAsync(entry, TestContext.Current.CancellationToken);

    /// <summary>Appends <paramref name="count"/> records to <paramref name="workspace"/>, one second apart.</summary>
    public async Task<List<AuditRecord>> AppendManyAsync(int count, string workspace = "default")
    {
        var records = new List<AuditRecord>();
        for (var i = 1; i <= count; i++)
        {
            records.Add(await AppendAsync(Entry(workspace, target: $"PUT /api/v1/endpoints/e{i}", after: $"endpoint e{i} -> m@{i}")));
            Time.Advance(TimeSpan.FromSeconds(1));
        }

        return records;
    }

    /// <summary>Runs raw SQL on the database file, as someone with write access to it could.</summary>
    public async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = await Database.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        Log.Dispose();
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }
}
