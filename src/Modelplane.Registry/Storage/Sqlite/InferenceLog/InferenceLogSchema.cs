using Microsoft.Data.Sqlite;

namespace Modelplane.Registry.Storage.Sqlite.InferenceLog;

/// <summary>
/// The inference log's own schema, in its own file: two tables that never change together with the registry's, so a
/// list of idempotent statements replaces the registry's migrations (a later change to them adds a user_version step).
/// </summary>
internal static class InferenceLogSchema
{
    // Times are unix milliseconds. The two indexes serve the two reads: a time window of one endpoint (newest first,
    // the rowid breaking ties) and one request's records, which is also how labels find their predictions.
    // inference_labels has no foreign key on purpose: a label may arrive before its prediction is logged.
    private const string Sql = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS inference_log (
            id INTEGER PRIMARY KEY,
            request_id TEXT NOT NULL,
            at INTEGER NOT NULL,
            endpoint TEXT NOT NULL,
            model TEXT NOT NULL,
            version INTEGER NOT NULL,
            inputs TEXT NOT NULL,
            outputs TEXT,
            latency_ms REAL NOT NULL,
            status INTEGER NOT NULL,
            route TEXT NOT NULL,
            caller TEXT
        );
        CREATE INDEX IF NOT EXISTS inference_log_endpoint_at ON inference_log (endpoint, at);
        CREATE INDEX IF NOT EXISTS inference_log_endpoint_request ON inference_log (endpoint, request_id);
        CREATE TABLE IF NOT EXISTS inference_labels (
            endpoint TEXT NOT NULL,
            request_id TEXT NOT NULL,
            label TEXT NOT NULL,
            at INTEGER NOT NULL,
            received_at INTEGER NOT NULL,
            PRIMARY KEY (endpoint, request_id)
        ) WITHOUT ROWID;
        """;

    /// <summary>Creates the tables and indexes that are missing and switches the file to WAL (a setting the file keeps).</summary>
    public static void Create(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.ExecuteNonQuery();
    }
}
