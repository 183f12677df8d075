using Dapper;
using DbUp;
using Microsoft.Data.Sqlite;
using Modelplane.Registry.Models;
using Modelplane.Registry.Storage.Sqlite;
using Modelplane.Testing.FileSystem;

namespace Modelplane.Registry.Tests.Storage;

public sealed class SqliteMigrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MigrateAsync_From0001WithTags_MovesTagsIntoTagTable()
    {
        using var directory = new TempDirectory();
        var connections = new SqliteConnectionFactory(directory.Path);
        var initialOnly = DeployChanges.To.SqliteDatabase(connections.ConnectionString)
            .WithScriptsEmbeddedInAssembly(typeof(SqliteMetadataStore).Assembly, n => n.EndsWith("0001_initial.sql", StringComparison.Ordinal))
            .LogToNowhere().Build().PerformUpgrade();
        Assert.True(initialOnly.Successful);
        await using (var connection = await connections.OpenAsync(Ct))
        {
            await connection.ExecuteAsync("""
                INSERT INTO models VALUES ('churn', 1, 0, 0);
                INSERT INTO model_versions VALUES ('churn', 1, printf('%064d', 0), 3, 'onnx', '{"inputs":[],"outputs":[]}', NULL,
                    '{"team":"risk","stage":"dev"}', '{}', 0);
                """);
        }

        var store = new SqliteMetadataStore(directory.Path, TimeProvider.System);
        await store.MigrateAsync(Ct);

        var version = (await store.Models.GetVersionAsync("churn", 1, Ct))!;
        Assert.Equal([("stage", "dev"), ("team", "risk")], version.Tags.OrderBy(t => t.Key).Select(t => (t.Key, t.Value)));
        Assert.Equal((ApprovalStatus.Pending, 0, false), (version.Approval.Status, version.Params.Count, version.HasCard));
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task MigrateAsync_From0003WithMetricsJson_MakesMetricsAndParamsSearchable()
    {
        using var directory = new TempDirectory();
        var connections = new SqliteConnectionFactory(directory.Path);
        var upTo0003 = DeployChanges.To.SqliteDatabase(connections.ConnectionString)
            .WithScriptsEmbeddedInAssembly(typeof(SqliteMetadataStore).Assembly, n => n.Contains(".000", StringComparison.Ordinal) && string.CompareOrdinal(n[(n.IndexOf(".000", StringComparison.Ordinal) + 1)..], "0004") < 0)
            .LogToNowhere().Build().PerformUpgrade();
        Assert.True(upTo0003.Successful);
        await using (var connection = await connections.OpenAsync(Ct))
        {
            await connection.ExecuteAsync("""
                INSERT INTO models VALUES ('churn', 2, 0, 0);
                INSERT INTO model_versions (model, version, digest, size_bytes, format, signature_json, metrics_json, created_at, params_json)
                VALUES ('churn', 1, printf('%064d', 0), 3, 'onnx', '{"inputs":[],"outputs":[]}', '{"auc":0.93}', 0, '{"depth":"6"}'),
                       ('churn', 2, printf('%064d', 0), 3, 'onnx', '{"inputs":[],"outputs":[]}', '{"auc":0.5}', 1, '{}');
                """);
        }

        var store = new SqliteMetadataStore(directory.Path, TimeProvider.System);
        await store.MigrateAsync(Ct);

        var byMetric = await store.Search.SearchVersionsAsync(new("metrics.auc > 0.9"), Ct);
        var byParam = await store.Search.SearchVersionsAsync(new("params.depth = '6'"), Ct);
        Assert.Equal([1], byMetric.Items.Select(v => v.Version));
        Assert.Equal([1], byParam.Items.Select(v => v.Version));
        SqliteConnection.ClearAllPools();
    }
}
