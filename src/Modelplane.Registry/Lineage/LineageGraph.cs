namespace Modelplane.Registry.Lineage;

/// <summary>A version's provenance as a graph: versions, datasets, code and runs, joined by typed edges.</summary>
/// <param name="Nodes">Every node once, the requested version first.</param>
/// <param name="Edges">Edges from a version to what it came from.</param>
public sealed record LineageGraph(IReadOnlyList<LineageNode> Nodes, IReadOnlyList<LineageEdge> Edges);

/// <summary>One node of a <see cref="LineageGraph"/>.</summary>
/// <param name="Id">Unique within the graph, e.g. <c>version:churn@3</c> or <c>dataset:s3://bucket/train.csv</c>.</param>
/// <param name="Type">One of <see cref="LineageNodeTypes"/>.</param>
/// <param name="Label">Short human-readable text.</param>
/// <param name="Properties">Facts about the node (digest, repository, commit, creator).</param>
public sealed record LineageNode(string Id, string Type, string Label, IReadOnlyDictionary<string, string> Properties);

/// <summary>A typed edge from a version to something it came from.</summary>
/// <param name="From">The version node id.</param>
/// <param name="To">The source node id.</param>
/// <param name="Type">One of <see cref="LineageEdgeTypes"/>.</param>
public sealed record LineageEdge(string From, string To, string Type);

/// <summary>Node types of a lineage graph.</summary>
public static class LineageNodeTypes
{
    /// <summary>A model version.</summary>
    public const string ModelVersion = "model_version";

    /// <summary>A training dataset.</summary>
    public const string Dataset = "dataset";

    /// <summary>A commit of training code.</summary>
    public const string Code = "code";

    /// <summary>A training run.</summary>
    public const string Run = "run";
}

/// <summary>Edge types of a lineage graph.</summary>
public static class LineageEdgeTypes
{
    /// <summary>Version to parent version.</summary>
    public const string DerivedFrom = "derived_from";

    /// <summary>Version to dataset.</summary>
    public const string TrainedOn = "trained_on";

    /// <summary>Version to code commit.</summary>
    public const string BuiltFrom = "built_from";

    /// <summary>Version to training run.</summary>
    public const string ProducedBy = "produced_by";

    /// <summary>Training run to a dataset it logged as an input (MLflow's log-inputs).</summary>
    public const string Used = "used";

    /// <summary>Version to the data its reference profile (the baseline drift is measured against) was computed from.</summary>
    public const string ProfiledOn = "profiled_on";
}
