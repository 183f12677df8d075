using Modelplane.Registry.Models;

namespace Modelplane.Server.Mlflow;

/// <summary>Builds MLflow's RegisteredModel and ModelVersion messages from the registry's stores.</summary>
internal sealed class MlflowRegistryViews(IModelStore models, IVersionStageStore stages)
{
    /// <summary>The <c>source</c> of a version pushed directly rather than registered through MLflow.</summary>
    public static string RegistrySource(string model, int version) => $"models:/{model}/{version}";

    public static ModelVersionDto ToDto(ModelVersion v, VersionStage? stage) => new(
        v.Model,
        v.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        v.CreatedAt.ToUnixTimeMilliseconds(),
        (stage?.UpdatedAt ?? v.CreatedAt).ToUnixTimeMilliseconds(),
        v.Lineage.CreatedBy,
        stage?.Stage ?? VersionStages.None,
        v.Description,
        stage?.Source ?? RegistrySource(v.Model, v.Version),
        v.Lineage.RunId,
        "READY",
        v.Tags.Count == 0 ? null : [.. v.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new KeyValueDto(t.Key, t.Value))],
        stage?.RunLink,
        v.Aliases.Count == 0 ? null : [.. v.Aliases]);

    /// <summary>One version as MLflow shows it, or null when it does not exist.</summary>
    public async Task<ModelVersionDto?> VersionAsync(string model, int version, CancellationToken ct)
    {
        if (await models.GetVersionAsync(model, version, ct) is not { } found)
        {
            return null;
        }

        return ToDto(found, await stages.GetAsync(model, version, ct));
    }

    /// <summary>The newest version in each of <paramref name="wanted"/> (every stage when empty), ordered by stage.</summary>
    public async Task<ModelVersionDto[]> LatestVersionsAsync(string model, IReadOnlyCollection<string> wanted, CancellationToken ct)
    {
        var latest = (await stages.ListAsync(model, ct))
            .Where(s => wanted.Count == 0 || wanted.Contains(s.Stage, StringComparer.Ordinal))
            .GroupBy(s => s.Stage, StringComparer.Ordinal)
            .Select(g => g.MaxBy(s => s.Version)!)
            .OrderBy(s => s.Version)
            .ToList();
        var result = new List<ModelVersionDto>(latest.Count);
        foreach (var stage in latest)
        {
            if (await models.GetVersionAsync(model, stage.Version, ct) is { } version)
            {
                result.Add(ToDto(version, stage));
            }
        }

        return [.. result];
    }

    public async Task<RegisteredModelDto> ModelAsync(RegisteredModel m, CancellationToken ct)
    {
        var latest = await LatestVersionsAsync(m.Name, [], ct);
        return new RegisteredModelDto(
            m.Name,
            m.CreatedAt.ToUnixTimeMilliseconds(),
            m.UpdatedAt.ToUnixTimeMilliseconds(),
            m.Description,
            latest.Length == 0 ? null : latest,
            m.Tags.Count == 0 ? null : [.. m.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new KeyValueDto(t.Key, t.Value))],
            m.Aliases.Count == 0 ? null : [.. m.Aliases.Select(a => new AliasDto(a.Alias, a.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)))]);
    }
}
