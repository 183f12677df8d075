using System.Reflection;
using DbUp;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Modelplane.Registry;

namespace Modelplane.Governance.Storage;

/// <summary>
/// The control database, <c>control.db</c> in the data directory: who may do what (workspaces, principals, tokens),
/// what was done (the audit log), and the workspace's secrets, signing keys and policies. Kept apart from the
/// workspaces' registry databases so no workspace's store holds another's credentials.
/// </summary>
public sealed class ControlDatabase
{
    /// <summary>The database file name inside the data directory.</summary>
    public const string FileName = "control.db";

    private const string MigrationPrefix = "Modelplane.Governance.Storage.Migrations.";

    // As the registry's database: a commit is acknowledged only after the WAL is fsynced (an audit record or a
    // revocation must survive power loss), foreign keys on, writers queue instead of failing with BUSY.
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;";

    public ControlDatabase(IOptions<RegistryOptions> options)
        : this(options.Value.DataDirectory)
    {
    }

    internal ControlDatabase(string dataDirectory)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(DataDirectory);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(DataDirectory, FileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
    }

    /// <summary>The data directory the database lives in (absolute).</summary>
    public string DataDirectory { get; }

    internal string ConnectionString { get; }

    /// <summary>Opens a connection with the durability settings applied.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Brings the schema to the newest migration in one transaction; safe to call on every start.</summary>
    public Task MigrateAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var result = DeployChanges.To
            .SqliteDatabase(ConnectionString)
            .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), name => name.StartsWith(MigrationPrefix, StringComparison.Ordinal))
            .WithTransaction()
            .LogToNowhere()
            .Build()
            .PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Migrating {FileName} failed at {result.ErrorScript?.Name}: {result.Error.Message}", result.Error);
        }

        return Task.CompletedTask;
    }
}
