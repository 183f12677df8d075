using System.Text;
using Microsoft.Data.Sqlite;
using Modelplane.Registry.InferenceLog;
using Modelplane.Registry.Storage.Sqlite.InferenceLog;
using static Modelplane.Registry.Tests.InferenceLog.InferenceLogTestData;

namespace Modelplane.Registry.Tests.InferenceLog;

/// <summary>The append path both overloads share: UTF-8 entries bound through SQLite's C API.</summary>
public sealed class SqliteInferenceLogStoreAppendTests : IDisposable
{
    private readonly InferenceLogTestData _data = new();

    private SqliteInferenceLogStore Store => _data.Store;

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task AppendAsync_Entries_ReadBackAsTheRecordsTheyStandFor()
    {
        var records = new[]
        {
            Record("r1", second: 1),
            Record("r2", second: 2, outputs: null, caller: null),
            Record("rëq-✓", second: 3, inputs: """[{"name":"email","data":["zoë@x.io","日本"]}]""", outputs: """{"p":["😀"]}""", caller: "jürgen"),
            new InferenceLogRecord("", T0.AddSeconds(4), "churn", "", 0, "", "", 0, 0, "", ""),
        };

        await Store.AppendAsync(records.Select(Entry).ToArray(), Ct);

        Assert.Equal(records.Reverse(), await Store.QueryAsync(new InferenceLogQuery("churn"), Ct));
    }

    [Fact]
    public async Task AppendAsync_RecordsAndEntries_StoreTheSameColumnValuesAndTypes()
    {
        var record = Record("r1", inputs: """[{"name":"x","data":["ü"]}]""", outputs: null, caller: null);

        await Store.AppendAsync([record], Ct);
        await Store.AppendAsync(new[] { Entry(record) }, Ct);

        var rows = await StoredAsync();
        Assert.Equal(2, rows.Count);
        Assert.Equal(rows[0], rows[1]);
        Assert.Equal(
            "text,integer,text,text,integer,text,null,real,integer,text,null",
            string.Join(',', rows[0].Split('|').Select(c => c.Split(':')[0])));
        Assert.Contains($"text:{Convert.ToHexString(Encoding.UTF8.GetBytes(record.Inputs))}", rows[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppendAsync_SeveralThousandEntries_AllStoredInOrder()
    {
        var records = Enumerable.Range(0, 5_003).Select(i => Record($"r{i:D5}", second: i / 7, version: 1 + (i % 3), caller: i % 5 == 0 ? null : "alice")).ToArray();

        await Store.AppendAsync(records.Select(Entry).ToArray(), Ct);

        Assert.Equal(records.Reverse(), await Store.QueryAsync(new InferenceLogQuery("churn", Limit: 10_000), Ct));
    }

    [Fact]
    public async Task AppendAsync_TableDropped_ThrowsWithSqlitesMessage()
    {
        await ExecuteAsync("DROP TABLE inference_log");

        var e = await Assert.ThrowsAsync<SqliteException>(() => Store.AppendAsync(new[] { Entry(Record("r1")) }, Ct));

        Assert.Contains("no such table: inference_log", e.Message, StringComparison.Ordinal);
    }

    // Rows go 16 to a statement, the rest one by one: a failure in either kind of statement, or after a group.
    [Theory]
    [InlineData(3, 1)]
    [InlineData(20, 5)]
    [InlineData(20, 18)]
    public async Task AppendAsync_OneRowFails_StoresNoneOfTheBatch(int count, int failing)
    {
        var batch = Enumerable.Range(0, count).Select(i => Entry(Record($"r{i}"))).ToArray();
        batch[failing] = batch[failing] with { Route = null! };

        var e = await Assert.ThrowsAsync<SqliteException>(() => Store.AppendAsync(batch, Ct));

        Assert.Contains("NOT NULL constraint failed: inference_log.route", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, await Store.CountAsync("churn", Ct));
        await Store.AppendAsync(new[] { Entry(Record("next")) }, Ct);
        Assert.Equal(1, await Store.CountAsync("churn", Ct));
    }

    private static InferenceLogEntry Entry(InferenceLogRecord r) => new(
        r.RequestId, r.At, r.Endpoint, r.Model, r.Version, Encoding.UTF8.GetBytes(r.Inputs),
        r.Outputs is null ? null : (ReadOnlyMemory<byte>?)Encoding.UTF8.GetBytes(r.Outputs), r.LatencyMs, r.Status, r.Route, r.Caller);

    // Each stored value as "type:hex", so text is compared byte for byte and a real is told from an integer.
    private async Task<List<string>> StoredAsync()
    {
        var columns = new[] { "request_id", "at", "endpoint", "model", "version", "inputs", "outputs", "latency_ms", "status", "route", "caller" };
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(" || '|' || ", columns.Select(c => $"typeof({c}) || ':' || hex({c})"))} FROM inference_log ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(_data.Directory.Path, SqliteInferenceLogStore.FileName)};Pooling=False");
        await connection.OpenAsync(Ct);
        return connection;
    }
}
