using System.Globalization;
using Modelplane.Registry.Models;
using Modelplane.Registry.Monitoring;
using Modelplane.Registry.Tracking;

namespace Modelplane.Registry.Lineage;

/// <summary>Walks a version's parents recursively and collects each version's dataset, code and run into a graph.</summary>
public static class LineageGraphBuilder
{
    /// <summary>Builds the graph rooted at <paramref name="root"/>; each version is visited once, so shared ancestors appear once.</summary>
    /// <param name="models">Where parent versions are read.</param>
    /// <param name="root">The version whose history is drawn.</param>
    /// <param name="runs">When given, a run logged here adds its experiment, name and status, and the datasets it used.</param>
    /// <param name="ct">Cancels the walk.</param>
    public static Task<LineageGraph> BuildAsync(IModelStore models, ModelVersion root, ITrackingStore? runs, CancellationToken ct)
        => BuildAsync(models, root, runs, profiles: null, ct);

    /// <summary>Builds the graph rooted at <paramref name="root"/>, with the data each version's reference profile was computed from.</summary>
    /// <param name="models">Where parent versions are read.</param>
    /// <param name="root">The version whose history is drawn.</param>
    /// <param name="runs">When given, a run logged here adds its experiment, name and status, and the datasets it used.</param>
    /// <param name="profiles">When given, a version with a reference profile gets a <see cref="LineageEdgeTypes.ProfiledOn"/> dataset (its digest).</param>
    /// <param name="ct">Cancels the walk.</param>
    public static async Task<LineageGraph> BuildAsync(
        IModelStore models, ModelVersion root, ITrackingStore? runs, IReferenceProfileStore? profiles, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(root);
        var nodes = new Dictionary<string, LineageNode>(StringComparer.Ordinal);
        var edges = new List<LineageEdge>();
        var pending = new Queue<ModelVersion>([root]);
        while (pending.TryDequeue(out var version))
        {
            var id = VersionId(version.Model, version.Version);
            if (!nodes.TryAdd(id, VersionNode(id, version)))
            {
                continue;
            }

            var lineage = version.Lineage;
            foreach (var parent in lineage.Parents)
            {
                edges.Add(new LineageEdge(id, VersionId(version.Model, parent), LineageEdgeTypes.DerivedFrom));
                if (!nodes.ContainsKey(VersionId(version.Model, parent))
                    && await models.GetVersionAsync(version.Model, parent, ct).ConfigureAwait(false) is { } found)
                {
                    pending.Enqueue(found);
                }
            }

            if (lineage.DatasetUri is not null || lineage.DatasetSha256 is not null)
            {
                // A digest identifies a dataset better than its location (the same file moves between buckets).
                var key = lineage.DatasetSha256 is { } sha ? $"sha256:{sha}" : lineage.DatasetUri!;
                Add(nodes, edges, id, $"dataset:{key}", LineageNodeTypes.Dataset, lineage.DatasetUri ?? $"sha256:{lineage.DatasetSha256}", LineageEdgeTypes.TrainedOn,
                    ("uri", lineage.DatasetUri), ("sha256", lineage.DatasetSha256));
            }

            if (profiles is not null && await profiles.GetAsync(version.Model, version.Version, ct).ConfigureAwait(false) is { } profile)
            {
                // The same id as a training dataset with that digest, so data used for both is one node with two edges.
                Add(nodes, edges, id, $"dataset:{profile.DataDigest}", LineageNodeTypes.Dataset, $"{profile.DataDigest} (reference profile data)",
                    LineageEdgeTypes.ProfiledOn,
                    ("sha256", profile.DataDigest["sha256:".Length..]), ("format", profile.DataFormat),
                    ("rows", profile.Profile.Rows.ToString(CultureInfo.InvariantCulture)), ("label_column", profile.LabelColumn),
                    ("profiled_at", profile.CreatedAt.ToString("O", CultureInfo.InvariantCulture)));
            }

            if (lineage.CodeRepository is not null || lineage.CodeCommit is not null)
            {
                var label = $"{lineage.CodeRepository ?? "(repository unknown)"}@{lineage.CodeCommit ?? "(commit unknown)"}";
                Add(nodes, edges, id, $"code:{label}", LineageNodeTypes.Code, label, LineageEdgeTypes.BuiltFrom,
                    ("repository", lineage.CodeRepository), ("commit", lineage.CodeCommit));
            }

            if (lineage.RunId is { } run)
            {
                var logged = runs is null ? null : await runs.GetRunAsync(run, ct).ConfigureAwait(false);
                Add(nodes, edges, id, $"run:{run}", LineageNodeTypes.Run, logged?.Info.RunName is { Length: > 0 } name ? name : run, LineageEdgeTypes.ProducedBy,
                    ("run_id", run), ("experiment_id", logged?.Info.ExperimentId), ("status", logged?.Info.Status), ("user_id", logged?.Info.UserId));
                foreach (var input in logged?.Inputs ?? [])
                {
                    var dataset = input.Dataset;
                    Add(nodes, edges, $"run:{run}", $"dataset:mlflow:{dataset.Name}:{dataset.Digest}", LineageNodeTypes.Dataset, dataset.Name, LineageEdgeTypes.Used,
                        ("name", dataset.Name), ("digest", dataset.Digest), ("source_type", dataset.SourceType), ("source", dataset.Source));
                }
            }
        }

        return new LineageGraph([.. nodes.Values], edges);
    }

    private static string VersionId(string model, int version) => $"version:{model}@{version.ToString(CultureInfo.InvariantCulture)}";

    private static LineageNode VersionNode(string id, ModelVersion v) => new(
        id,
        LineageNodeTypes.ModelVersion,
        $"{v.Model}@{v.Version.ToString(CultureInfo.InvariantCulture)}",
        Properties(
            ("model", v.Model),
            ("version", v.Version.ToString(CultureInfo.InvariantCulture)),
            ("digest", v.Digest),
            ("created_at", v.CreatedAt.ToString("O", CultureInfo.InvariantCulture)),
            ("created_by", v.Lineage.CreatedBy),
            ("approval", VersionApproval.Name(v.Approval.Status))));

    private static void Add(
        Dictionary<string, LineageNode> nodes, List<LineageEdge> edges, string from, string id, string type, string label, string edgeType,
        params (string Key, string? Value)[] properties)
    {
        nodes.TryAdd(id, new LineageNode(id, type, label, Properties(properties)));
        edges.Add(new LineageEdge(from, id, edgeType));
    }

    private static Dictionary<string, string> Properties(params (string Key, string? Value)[] pairs) =>
        pairs.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal);
}
