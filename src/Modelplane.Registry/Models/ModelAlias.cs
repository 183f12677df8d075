namespace Modelplane.Registry.Models;

/// <summary>A movable name (<c>champion</c>, <c>challenger</c>) for one version of a model.</summary>
/// <param name="Model">The model.</param>
/// <param name="Alias">The alias name; never all digits, so <c>NAME@3</c> always means version 3.</param>
/// <param name="Version">The version the alias points at now.</param>
/// <param name="UpdatedAt">When the alias was last set.</param>
public sealed record ModelAlias(string Model, string Alias, int Version, DateTimeOffset UpdatedAt);
