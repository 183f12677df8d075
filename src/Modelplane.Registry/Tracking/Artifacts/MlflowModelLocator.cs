using Modelplane.Registry.Models;
using Modelplane.Registry.Storage;
using YamlDotNet.RepresentationModel;

namespace Modelplane.Registry.Tracking.Artifacts;

/// <summary>Where the servable file of an MLflow-registered model version lives in the run artifact store.</summary>
/// <param name="Directory">The model's artifact directory (or the file itself), relative to the artifact root.</param>
/// <param name="ModelFile">The file Modelplane serves: the ONNX flavor's data file, or the source when it is a file.</param>
/// <param name="RunId">The run the model was logged to, when the source names one.</param>
public sealed record LocatedModel(string Directory, string ModelFile, string? RunId);

/// <summary>
/// Finds the model file behind a model-version <c>source</c>: <c>runs:/RUN_ID/PATH</c> or <c>mlflow-artifacts:/PATH</c>,
/// pointing at an MLflow model directory whose <c>MLmodel</c> has an <c>onnx</c> flavor (as <c>mlflow.onnx.log_model</c>
/// writes it), or straight at an ONNX or ML.NET file.
/// </summary>
public sealed class MlflowModelLocator(IRunArtifactStore artifacts, ITrackingStore tracking)
{
    private const string RunsScheme = "runs:/";
    private const string MlmodelFile = "MLmodel";
    private const string DefaultOnnxFile = "model.onnx";

    /// <summary>Resolves <paramref name="source"/> to a model file.</summary>
    /// <exception cref="RegistryValidationException">The source is not in Modelplane's artifact store or holds no servable model; the message says why.</exception>
    /// <exception cref="ResourceNotFoundException">The run or the artifact does not exist.</exception>
    public async Task<LocatedModel> LocateAsync(string source, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        var (directory, runId) = await ArtifactPathAsync(source, ct);
        await using (var file = await artifacts.OpenReadAsync(directory, ct))
        {
            if (file is not null)
            {
                return new LocatedModel(directory, directory, runId);
            }
        }

        var entries = await artifacts.ListAsync(directory, ct);
        if (entries.Count == 0)
        {
            throw new ResourceNotFoundException($"No artifacts at '{source}': log the model to the run first (for example with mlflow.onnx.log_model).");
        }

        var dataFile = await OnnxDataFileAsync(directory, source, ct);
        return new LocatedModel(directory, $"{directory}/{dataFile}", runId);
    }

    private async Task<(string Path, string? RunId)> ArtifactPathAsync(string source, CancellationToken ct)
    {
        if (source.StartsWith(RunsScheme, StringComparison.Ordinal))
        {
            var rest = source[RunsScheme.Length..].TrimStart('/');
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var runId = slash < 0 ? rest : rest[..slash];
            var relative = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
            var run = await tracking.GetRunAsync(runId, ct) ?? throw new ResourceNotFoundException($"Run with id={runId} not found");
            var root = RunArtifactPaths.FromUri(run.Info.ArtifactUri)
                ?? throw new RegistryValidationException($"Run {runId} stores artifacts at '{run.Info.ArtifactUri}', outside Modelplane's artifact store.");
            return (relative.Length == 0 ? root : $"{root}/{relative}", runId);
        }

        return (RunArtifactPaths.FromUri(source) ?? throw new RegistryValidationException(
            $"Unsupported model version source '{source}': Modelplane reads models from its own artifact store, so the source must be " +
            "runs:/RUN_ID/PATH or mlflow-artifacts:/PATH (log the model to a run on this server first)."), null);
    }

    private async Task<string> OnnxDataFileAsync(string directory, string source, CancellationToken ct)
    {
        await using var mlmodel = await artifacts.OpenReadAsync($"{directory}/{MlmodelFile}", ct)
            ?? throw new RegistryValidationException($"'{source}' is a directory without an MLmodel file; register an MLflow model directory or a model file.");
        var yaml = new YamlStream();
        try
        {
            using var reader = new StreamReader(mlmodel);
            yaml.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new RegistryValidationException($"The MLmodel file at '{source}' is not valid YAML: {ex.Message}");
        }

        var flavors = yaml.Documents.Count > 0 && yaml.Documents[0].RootNode is YamlMappingNode root
            && root.Children.TryGetValue(new YamlScalarNode("flavors"), out var node) && node is YamlMappingNode map
            ? map
            : null;
        var names = flavors?.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value).ToList() ?? [];
        if (flavors is null || !flavors.Children.TryGetValue(new YamlScalarNode("onnx"), out var onnx))
        {
            throw new RegistryValidationException(
                $"The model at '{source}' has flavors [{string.Join(", ", names)}] and no 'onnx' flavor. Modelplane serves ONNX and ML.NET " +
                "models: log the model with mlflow.onnx.log_model, or register the .onnx / ML.NET .zip file itself as the source.");
        }

        var data = onnx is YamlMappingNode settings && settings.Children.TryGetValue(new YamlScalarNode("data"), out var value)
            && value is YamlScalarNode { Value: { Length: > 0 } file }
            ? file
            : DefaultOnnxFile;
        return data;
    }
}
