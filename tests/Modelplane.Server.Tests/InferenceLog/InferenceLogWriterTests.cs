using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Modelplane.Registry.InferenceLog;
using Modelplane.Registry.Storage.Sqlite.InferenceLog;
using Modelplane.Server.InferenceLog;
using Modelplane.Serving.Logging;
using Modelplane.Testing.FileSystem;
using static Modelplane.Server.Tests.InferenceLog.WriterHarness;

namespace Modelplane.Server.Tests.InferenceLog;

/// <summary>The writer outside the host, over a real <c>inference-log.db</c> in a temp directory.</summary>
public sealed class InferenceLogWriterTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly SqliteInferenceLogStore _store;

    public InferenceLogWriterTests() => _store = SqliteInferenceLogStore.Open(_directory.Path, new FakeTimeProvider());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Written_EveryFormatAndAnswer_StoresWhatTheStringMethodsReturn()
    {
        (string Body, RequestFormat Format, string? Answer, bool IsJson)[] requests =
        [
            ("""{"id":"a","inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}""", RequestFormat.OipJson,
                """{"id":"a","outputs":[{"name":"p","shape":[1],"datatype":"FP32","data":[0.9]}]}""", true),
            ("""{"inputs": [{"name": "email", "datatype": "BYTES", "data": ["zoë@x.io"]}]}""", RequestFormat.OipJson, """{"outputs": ["日本"]}""", true),
            ("""{"dataframe_split": {"columns": ["a"], "data": [[1]]}}""", RequestFormat.MlflowJson, """{"predictions": [0]}""", true),
            ("a,b\n1,x\n", RequestFormat.MlflowCsv, "\u0001\u0002", false),
            ("""{"inputs":[{"name":"x","data":[1]}""", RequestFormat.OipJson, null, true),
        ];
        var pending = requests.Select((r, i) => Pending($"r{i}", r.Body, r.Answer, r.Format, r.IsJson, second: i, caller: i == 4 ? null : "alice"));

        var writer = await RunAsync(pending, w => w.Written == requests.Length);

        var stored = (await _store.QueryAsync(new InferenceLogQuery("churn"), Ct)).Reverse().ToArray();
        Assert.Equal(requests.Select(r => Inputs(r.Body, r.Format)), stored.Select(r => r.Inputs));
        Assert.Equal(requests.Select(r => r.Answer is null ? null : LoggedResponse.Outputs(Encoding.UTF8.GetBytes(r.Answer), r.IsJson)), stored.Select(r => r.Outputs));
        Assert.Equal(["alice", "alice", "alice", "alice", null], stored.Select(r => r.Caller));
        Assert.Equal(0, writer.Dropped);
    }

    // Thousands of records outgrow the writer's first text buffer several times; each keeps its own text.
    [Fact]
    public async Task Written_BatchesOfThousands_EachRecordKeepsItsOwnText()
    {
        const int Count = 4_500;
        static string Body(int i) => $$"""{"inputs":[{"name":"x","shape":[1,{{i % 50}}],"datatype":"INT64","data":[{{string.Join(',', Enumerable.Range(i, i % 50))}}]}]}""";

        var writer = await RunAsync(Enumerable.Range(0, Count).Select(i => Pending($"r{i:D5}", Body(i), $$"""{"outputs":[{{i}}]}""")), w => w.Written == Count);

        var stored = await _store.QueryAsync(new InferenceLogQuery("churn", Limit: Count), Ct);
        Assert.Equal(Count, stored.Count);
        Assert.All(stored, r =>
        {
            var i = int.Parse(r.RequestId[1..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal((Inputs(Body(i), RequestFormat.OipJson), $"[{i}]"), (r.Inputs, r.Outputs));
        });
        Assert.Equal(0, writer.Dropped);
    }

    [Fact]
    public async Task Written_InsertFails_BatchCountedAsDropped()
    {
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_directory.Path, SqliteInferenceLogStore.FileName)};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "DROP TABLE inference_log";
            await command.ExecuteNonQueryAsync(Ct);
        }

        var writer = await RunAsync(Enumerable.Range(0, 3).Select(i => Pending($"r{i}", """{"inputs":[]}""", """{"outputs":[]}""")), w => w.Dropped == 3);

        Assert.Equal(0, writer.Written);
    }

    private static string Inputs(string body, RequestFormat format) =>
        LoggedRequest.Inputs(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(body)), format, 0, FieldRedactor.None);

    // Queues the records before the writer starts, so they go in full batches, then waits for it to be done.
    private async Task<InferenceLogWriter> RunAsync(IEnumerable<PendingLog> records, Func<InferenceLogWriter, bool> done)
    {
        var writer = Writer(_store, TimeProvider.System);
        foreach (var record in records)
        {
            writer.Enqueue(record);
        }

        await writer.StartAsync(Ct);
        try
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (!done(writer) && waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(10, Ct);
            }
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
        }

        Assert.True(done(writer), $"written {writer.Written}, dropped {writer.Dropped}");
        return writer;
    }
}
