namespace Modelplane.Registry.Models.Archive;

/// <summary>Registers a whole imported model, with the version numbers it had where it was exported.</summary>
public interface IModelImportStore
{
    /// <summary>
    /// Creates the model and all its versions (rows, tags, metrics, params, parents, approvals, cards, aliases) in one
    /// transaction: all appear or none. The model's version counter ends at the highest imported number.
    /// </summary>
    /// <returns>The registered versions, ascending.</returns>
    /// <exception cref="Storage.ResourceConflictException">A model with that name already exists.</exception>
    Task<IReadOnlyList<ModelVersion>> ImportAsync(ImportedModel model, CancellationToken ct);
}

/// <summary>A model to import: its (possibly new) name and its versions, whose blobs are already durable.</summary>
/// <param name="Name">The name to register the model under.</param>
/// <param name="Versions">The versions, ascending by number; parents must be among them.</param>
public sealed record ImportedModel(string Name, IReadOnlyList<ImportedVersion> Versions)
{
    /// <summary>The model's own description, or null.</summary>
    public string? Description { get; init; }

    /// <summary>The model's own tags.</summary>
    /// <value>Defaults to none.</value>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}

/// <summary>One version to import under an explicit number.</summary>
/// <param name="Number">The version number to keep.</param>
/// <param name="Version">Artifact, signature and push-time metadata; <see cref="NewModelVersion.Model"/> must equal the model's name.</param>
/// <param name="CreatedAt">When the version was first registered.</param>
public sealed record ImportedVersion(int Number, NewModelVersion Version, DateTimeOffset CreatedAt)
{
    /// <summary>The latest review decision.</summary>
    /// <value>Defaults to <see cref="VersionApproval.Pending"/>.</value>
    public VersionApproval Approval { get; init; } = VersionApproval.Pending;

    /// <summary>The model card's Markdown, or null.</summary>
    public string? Card { get; init; }

    /// <summary>Aliases to point at this version.</summary>
    /// <value>Defaults to none.</value>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>MLflow's stage, or null for None.</summary>
    public string? Stage { get; init; }

    /// <summary>The MLflow registration source, or null.</summary>
    public string? Source { get; init; }
}
