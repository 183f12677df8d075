using Microsoft.Extensions.DependencyInjection.Extensions;
using Modelplane.Governance.Policies;
using Modelplane.Server.Governance;
using Modelplane.Server.Grpc;
using Modelplane.Server.Hosting;
using Modelplane.Server.InferenceLog;
using Modelplane.Server.Mlflow;
using Modelplane.Server.Oip;
using Modelplane.Server.Rollouts;

namespace Modelplane.Server.Workspaces;

/// <summary>
/// The services every workspace has its own instance of: the registry (database and blob folder), what inspects and
/// archives its models, its serving table and runtime cache, and what serves requests from them. The default
/// workspace registers them in the application's container; every other workspace gets a container of its own with
/// the same registrations (see <see cref="WorkspaceHost"/>), so no query can reach another workspace's data.
/// </summary>
internal static class WorkspaceServices
{
    public static IServiceCollection AddWorkspaceServices(this IServiceCollection services)
    {
        services.AddModelplaneRegistry();
        services.AddOnnxModelInspection();
        services.AddMlNetModelInspection();
        services.AddModelArchives();
        services.AddModelRouting();
        // Reads the workspace's registry; the policy itself is keyed by workspace in the control database.
        services.TryAddSingleton<AdmissionPolicies>();
        services.TryAddSingleton<OpenEndpoints>();
        services.TryAddSingleton<InferenceHandler>();
        // The inference log: its own SQLite file in the workspace's folder, written by one background writer.
        services.TryAddSingleton<InferenceLogSampling>();
        services.TryAddSingleton<Modelplane.Registry.InferenceLog.IInferenceLogStore>(sp => Modelplane.Registry.Storage.Sqlite.InferenceLog.SqliteInferenceLogStore.Open(
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Modelplane.Registry.RegistryOptions>>().Value.DataDirectory, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<InferenceLogWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<InferenceLogWriter>());
        services.TryAddSingleton<MlflowRegistryViews>();
        services.TryAddSingleton<GrpcModelMetadata>();
        services.TryAddSingleton<OpenInferenceGrpcService>();
        // Loads the workspace's endpoints before it serves (for the default workspace, before Kestrel accepts requests).
        services.AddHostedService<StartupService>();
        // After the endpoints are loaded: picks up the rollouts a restart interrupted.
        services.AddOptions<RolloutOptions>().BindConfiguration(RolloutOptions.Section).ValidateDataAnnotations();
        services.TryAddSingleton(new WorkspaceScope(global::Modelplane.Governance.Workspaces.WorkspaceName.Default));
        services.TryAddSingleton<RolloutController>();
        services.AddHostedService(sp => sp.GetRequiredService<RolloutController>());
        services.AddWorkspaceSlos();
        services.AddReferenceProfiles();
        services.AddWorkspaceMonitoring();
        return services;
    }
}
