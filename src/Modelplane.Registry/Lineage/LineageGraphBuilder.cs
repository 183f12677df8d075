using System.Globalization;
using Modelplane.Registry.Models;

namespace Modelplane.Registry.Lineage;

/// <summary>Walks a version's parents recursively and collects each version's dataset, code and run into a graph.</summary>
public static class LineageGraphBuilder
{
    /// <summary>Builds the graph rooted at <paramref name="root"/>; each version is visited once, so shared ancestors appear once.</summary>
    public static async Task<LineageGraph> BuildAsync(IModelStore models, ModelVersion root, CancellationToken ct)
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

            if (lineage.CodeRepository is not null || lineage.CodeCommit is not null)
            {
                var label = $"{lineage.CodeRepository ?? "(repository unknown)"}@{lineage.CodeCommit ?? "(commit unknown)"}";
                Add(nodes, edges, id, $"code:{label}", LineageNodeTypes.Code, label, LineageEdgeTypes.BuiltFrom,
                    ("repository", lineage.CodeRepository), ("commit", lineage.CodeCommit));
            }

            if (lineage.RunId is { } run)
            {
                Add(nodes, edges, id, $"run:{run}", LineageNodeTypes.Run, run, LineageEdgeTypes.ProducedBy, ("run_id", run));
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
