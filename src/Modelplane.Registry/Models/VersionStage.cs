namespace Modelplane.Registry.Models;

/// <summary>
/// MLflow's lifecycle stage of a version (deprecated in MLflow in favour of aliases, still called by clients)
/// and where the version was registered from.
/// </summary>
/// <param name="Model">The model name.</param>
/// <param name="Version">The version number.</param>
/// <param name="Stage">One of <see cref="VersionStages.All"/>.</param>
/// <param name="Source">The artifact location the version was registered from (<c>runs:/…</c>, <c>mlflow-artifacts:/…</c>), or null when pushed directly.</param>
/// <param name="RunLink">A link to the run, as the client gave it, or null.</param>
/// <param name="UpdatedAt">When the stage or registration last changed; null when never.</param>
public sealed record VersionStage(string Model, int Version, string Stage, string? Source, string? RunLink, DateTimeOffset? UpdatedAt);

/// <summary>The stage names, spelled as MLflow spells them.</summary>
public static class VersionStages
{
    /// <summary>The stage of every new version.</summary>
    public const string None = "None";

    /// <summary>Under test.</summary>
    public const string Staging = "Staging";

    /// <summary>Serving production traffic.</summary>
    public const string Production = "Production";

    /// <summary>Retired.</summary>
    public const string Archived = "Archived";

    /// <summary>Every stage, in MLflow's order.</summary>
    public static IReadOnlyList<string> All { get; } = [None, Staging, Production, Archived];

    /// <summary>The canonical spelling of a stage name given in any case, or null when it is not a stage.</summary>
    public static string? Normalize(string? stage) =>
        All.FirstOrDefault(s => string.Equals(s, stage, StringComparison.OrdinalIgnoreCase));
}
