using Microsoft.Extensions.DependencyInjection.Extensions;
using Modelplane.Registry.Models.Archive;
using Modelplane.Registry.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers model export and import (<see cref="ModelExporter"/>, <see cref="ModelImporter"/>).</summary>
public static class ModelArchiveServiceCollectionExtensions
{
    /// <summary>Adds the exporter, the importer and the metadata store's <see cref="IModelImportStore"/>.</summary>
    /// <remarks>Needs <c>AddModelplaneRegistry</c> and an <c>IModelInspector</c> (<c>AddOnnxModelInspection</c>).</remarks>
    public static IServiceCollection AddModelArchives(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => sp.GetRequiredService<IMetadataStore>().ModelImports);
        services.TryAddSingleton<ModelExporter>();
        services.TryAddSingleton<ModelImporter>();
        return services;
    }
}
