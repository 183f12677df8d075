using Modelplane.Registry.Endpoints;
using Modelplane.Registry.Models;
using Modelplane.Registry.Models.Archive;
using Modelplane.Registry.Models.Search;
using Modelplane.Registry.Monitoring;
using Modelplane.Registry.Rollouts;
using Modelplane.Registry.Slos;
using Modelplane.Registry.Tracking;

namespace Modelplane.Registry.Storage;

/// <summary>
/// One metadata database (SQLite embedded, PostgreSQL when replicas share state), exposing one
/// narrow store per aggregate rather than a single god-store.
/// </summary>
public interface IMetadataStore
{
    /// <summary>Models and versions.</summary>
    IModelStore Models { get; }

    /// <summary>Aliases of model versions.</summary>
    IModelAliasStore Aliases { get; }

    /// <summary>Tags, approvals and model cards of versions.</summary>
    IVersionMetadataStore VersionMetadata { get; }

    /// <summary>Models as registry entries: description, tags, rename, and existence before the first version.</summary>
    IRegisteredModelStore RegisteredModels { get; }

    /// <summary>Versions' MLflow stages and registration sources.</summary>
    IVersionStageStore VersionStages { get; }

    /// <summary>How versions run when served: concurrency, queue, threads, dynamic batching.</summary>
    IVersionExecutionStore VersionExecution { get; }

    /// <summary>Signatures stored with versions.</summary>
    IVersionSignatureStore VersionSignatures { get; }

    /// <summary>Versions' reference profiles, which drift is measured against.</summary>
    IReferenceProfileStore ReferenceProfiles { get; }

    /// <summary>Endpoints.</summary>
    IEndpointStore Endpoints { get; }

    /// <summary>Progressive rollouts of endpoints and their history.</summary>
    IRolloutStore Rollouts { get; }

    /// <summary>Endpoints' SLO objectives and the per-minute counts they are judged on.</summary>
    ISloStore Slos { get; }

    /// <summary>Burn-rate alerts, their receivers and silences.</summary>
    IAlertStore Alerts { get; }

    /// <summary>Monitoring settings, live windows and retraining webhooks.</summary>
    Monitoring.IMonitoringStore Monitoring { get; }

    /// <summary>MLflow experiments and runs.</summary>
    ITrackingStore Tracking { get; }

    /// <summary>Search over versions of all models.</summary>
    IModelSearch Search { get; }

    /// <summary>Whole-model imports from archives, keeping version numbers.</summary>
    IModelImportStore ModelImports { get; }
    /// <summary>Soft deletion, restore and purge of versions and models.</summary>
    IModelLifecycleStore Lifecycle { get; }

    /// <summary>Brings the schema to the newest migration; safe to call on every start.</summary>
    Task MigrateAsync(CancellationToken ct);
}
