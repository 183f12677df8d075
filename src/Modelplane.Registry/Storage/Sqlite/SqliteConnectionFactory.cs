using Microsoft.Data.Sqlite;

namespace Modelplane.Registry.Storage.Sqlite;

/// <summary>Opens connections to a SQLite file (by default <c>modelplane.db</c>) with its durability and locking settings applied.</summary>
internal sealed class SqliteConnectionFactory
{
    /// <summary>The database file name inside the data directory.</summary>
    public const string FileName = "modelplane.db";

    // synchronous=FULL: a commit is acknowledged only after the WAL is fsynced, so nothing acknowledged is
    // lost on power loss (RELIABILITY.md T02). busy_timeout lets writers queue instead of failing with BUSY.
    // cache_size: each pooled connection keeps up to 32 MiB of pages instead of SQLite's 2 MiB; searches probe
    // index pages all over a large registry, and with the default they were re-read from the OS on every request.
    private const string Pragmas =
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000; PRAGMA cache_size=-32768;";

    private readonly string _pragmas;

    public SqliteConnectionFactory(string dataDirectory)
        : this(dataDirectory, FileName, Pragmas)
    {
    }

    /// <summary>Connections to <paramref name="fileName"/> in <paramref name="dataDirectory"/> (created when missing), each opened with <paramref name="pragmas"/>.</summary>
    public SqliteConnectionFactory(string dataDirectory, string fileName, string pragmas)
    {
        var directory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(directory);
        _pragmas = pragmas;
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, fileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
    }

    public string ConnectionString { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            await command.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
