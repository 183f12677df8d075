namespace Modelplane.Registry.Models;

/// <summary>A model as a registry entry: its own description and tags, and its aliases, whether or not it has versions yet.</summary>
/// <param name="Name">The model name.</param>
/// <param name="Description">Free text, or null.</param>
/// <param name="Tags">Model-level tags (version tags are separate).</param>
/// <param name="Aliases">Aliases of its versions, ordered by name.</param>
/// <param name="CreatedAt">When the model was created (by registration or by its first push).</param>
/// <param name="UpdatedAt">When the model or its newest version last changed.</param>
public sealed record RegisteredModel(
    string Name,
    string? Description,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<ModelAlias> Aliases,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A page of a registered-model search; <paramref name="NextPageToken"/> is null on the last page.</summary>
public sealed record RegisteredModelSearch(string? Filter, IReadOnlyList<string>? OrderBy, int MaxResults, string? PageToken);
