using System.ComponentModel.DataAnnotations;

namespace Modelplane.Registry.Artifacts;

/// <summary>How unreferenced blobs and abandoned uploads are garbage-collected.</summary>
public sealed class ArtifactCollectionOptions
{
    /// <summary>The configuration section the options bind to.</summary>
    public const string Section = "Modelplane:ArtifactCollection";

    /// <summary>
    /// How long after its last commit a blob is safe from collection, and how old an unfinished upload in <c>tmp/</c>
    /// must be to be swept. It covers the moment between a push committing a blob and writing its version row.
    /// </summary>
    /// <value>Defaults to 1 hour.</value>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the background collection scans every blob (a purge also collects its own blobs at once).</summary>
    /// <value>Defaults to 1 hour.</value>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}
