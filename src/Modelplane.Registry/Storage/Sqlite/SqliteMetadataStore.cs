using System.Reflection;
using DbUp;
using Microsoft.Extensions.Options;
using Modelplane.Registry.Endpoints;
using Modelplane.Registry.Models;
using Modelplane.Registry.Models.Archive;
using Modelplane.Registry.Models.Search;
using Modelplane.Registry.Monitoring;
using Modelplane.Registry.Rollouts;
using Modelplane.Registry.Slos;
using Modelplane.Registry.Storage.Sqlite.Lifecycle;
using Modelplane.Registry.Storage.Sqlite.Monitoring;
using Modelplane.Registry.Storage.Sqlite.Search;
using Modelplane.Registry.Storage.Sqlite.Slos;
using Modelplane.Registry.Storage.Sqlite.Tracking;
using Modelplane.Registry.Tracking;

namespace Modelplane.Registry.Storage.Sqlite;

/// <summary>The embedded metadata database: one SQLite file in WAL mode under the data directory.</summary>
internal sealed class SqliteMetadataStore : IMetadataStore
{
    private const string MigrationPrefix = "Modelplane.Registry.Storage.Migrations.Sqlite.";

    public SqliteMetadataStore(IOptions<RegistryOptions> options, TimeProvider time)
        : this(options.Value.DataDirectory, time)
    {
    }

    internal SqliteMetadataStore(string dataDirectory, TimeProvider time)
    {
        Connections = new SqliteConnectionFactory(dataDirectory);
        Models = new SqliteModelStore(Connections, time);
        Aliases = new SqliteAliasStore(Connections, time);
        VersionMetadata = new SqliteVersionMetadataStore(Connections, time);
        RegisteredModels = new SqliteRegisteredModelStore(Connections, time);
        VersionStages = new SqliteVersionStageStore(Connections, time);
        VersionExecution = new SqliteVersionExecutionStore(Connections, time);
        VersionSignatures = new SqliteVersionSignatureStore(Connections);
        ReferenceProfiles = new SqliteReferenceProfileStore(Connections);
        Endpoints = new SqliteEndpointStore(Connections, time);
        Rollouts = new SqliteRolloutStore(Connections, time);
        Slos = new SqliteSloStore(Connections, time);
        Alerts = new SqliteAlertStore(Connections, time);
        Monitoring = new Monitoring.SqliteMonitoringStore(Connections, time);
        Tracking = new SqliteTrackingStore(Connections, time);
        Search = new SqliteModelSearch(Connections);
        ModelImports = new SqliteModelImportStore(Connections, time);
        Lifecycle = new SqliteModelLifecycleStore(Connections, time);
    }

    public IModelStore Models { get; }

    public IModelAliasStore Aliases { get; }

    public IVersionMetadataStore VersionMetadata { get; }

    public IRegisteredModelStore RegisteredModels { get; }

    public IVersionStageStore VersionStages { get; }

    public IVersionExecutionStore VersionExecution { get; }

    public IVersionSignatureStore VersionSignatures { get; }

    public IReferenceProfileStore ReferenceProfiles { get; }

    public IEndpointStore Endpoints { get; }

    public IRolloutStore Rollouts { get; }

    public ISloStore Slos { get; }

    public IAlertStore Alerts { get; }

    public Registry.Monitoring.IMonitoringStore Monitoring { get; }

    public ITrackingStore Tracking { get; }

    public IModelSearch Search { get; }

    public IModelImportStore ModelImports { get; }
    public IModelLifecycleStore Lifecycle { get; }

    internal SqliteConnectionFactory Connections { get; }

    public Task MigrateAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();

        // DbUp journals applied scripts in its SchemaVersions table and runs pending ones in one transaction,
        // so a crash mid-migration leaves the previous schema intact.
        var upgrader = DeployChanges.To
            .SqliteDatabase(Connections.ConnectionString)
            .WithScriptsEmbeddedInAssembly(
                Assembly.GetExecutingAssembly(),
                name => name.StartsWith(MigrationPrefix, StringComparison.Ordinal))
            .WithTransaction()
            .LogToNowhere()
            .Build();

        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException(
                $"Migrating the metadata database failed at {result.ErrorScript?.Name ?? "an unknown script"}.",
                result.Error);
        }

        return Task.CompletedTask;
    }
}
