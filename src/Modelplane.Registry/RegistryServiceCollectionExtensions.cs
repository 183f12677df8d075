using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Modelplane.Registry;
using Modelplane.Registry.Artifacts;
using Modelplane.Registry.Endpoints;
using Modelplane.Registry.FileSystem;
using Modelplane.Registry.Models;
using Modelplane.Registry.Models.Search;
using Modelplane.Registry.Storage;
using Modelplane.Registry.Storage.Sqlite;
using Modelplane.Registry.Tracking;
using Modelplane.Registry.Tracking.Artifacts;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the registry: options, file system, artifact stores, metadata store and publisher.</summary>
public static class RegistryServiceCollectionExtensions
{
    /// <summary>
    /// Adds the embedded registry (SQLite and a local blob directory under <see cref="RegistryOptions.DataDirectory"/>)
    /// and a hosted service that migrates the schema and cleans stale uploads at start.
    /// </summary>
    /// <remarks>Does not register an <c>IModelInspector</c>; <see cref="ModelPublisher"/> needs one (AddOnnxModelInspection).</remarks>
    public static IServiceCollection AddModelplaneRegistry(this IServiceCollection services)
    {
        services.AddOptions<RegistryOptions>()
            .BindConfiguration(RegistryOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IFileSystem, PhysicalFileSystem>();
        services.TryAddSingleton<FileSystemArtifactStore>();
        services.TryAddSingleton<IArtifactStore>(sp => sp.GetRequiredService<FileSystemArtifactStore>());
        services.TryAddSingleton<IRunArtifactStore, FileSystemRunArtifactStore>();
        services.TryAddSingleton<IMetadataStore, SqliteMetadataStore>();
        services.TryAddSingleton(sp => sp.GetRequiredService<IMetadataStore>().Models);
        services.TryAddSingleton(sp => sp.GetRequiredService<IMetadataStore>().Aliases);
        services.TryAddSingleton(sp => sp.GetRequiredService<IMetadataStore>().VersionMetadata);
        services.TryAddSingleton(sp => sp.GetRequiredService<IMetadataStore>().RegisteredModels);
        services.TryAddSingleton(sp => sp.GetRequiredService<IMetadataStore>().VersionStages);
        services.TryAddSingleton(sp => sp.GetRequiredService<IMetadataStore>().VersionExecution);
        services.TryAddSingleton(sp => sp.GetRequiredService<IMetadataStore>().VersionSignatures);
        services.TryAddSingleton(sp => sp.GetRequiredService<IMetadataStore>().ReferenceProfiles);
        services.TryAddSingleton(sp => sp.GetRequiredService<IMetadataStore>().Endpoints);
        services.TryAddSingleton(sp => sp.GetRequiredService<IMetadataStore>().Rollouts);
        services.TryAddSingleton(sp => sp.GetRequiredService<IMetadataStore>().Slos);
        services.TryAddSingleton(sp => sp.GetRequiredService<IMetadataStore>().Alerts);
        services.TryAddSingleton(sp => sp.GetRequiredService<IMetadataStore>().Monitoring);
        services.TryAddSingleton<ITrackingStore>(sp => sp.GetRequiredService<IMetadataStore>().Tracking);
        services.TryAddSingleton(sp => sp.GetRequiredService<IMetadataStore>().Search);
        services.TryAddSingleton(sp => sp.GetRequiredService<IMetadataStore>().Lifecycle);
        services.AddOptions<ArtifactCollectionOptions>()
            .BindConfiguration(ArtifactCollectionOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(sp => new ArtifactCollector(
            sp.GetRequiredService<FileSystemArtifactStore>(),
            sp.GetRequiredService<IMetadataStore>(),
            sp.GetRequiredService<IOptions<ArtifactCollectionOptions>>()));
        services.TryAddSingleton<ModelPublisher>();
        services.TryAddSingleton<MlflowModelLocator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RegistryInitializer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ArtifactCollectionService>());
        return services;
    }
}
