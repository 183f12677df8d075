using System.ComponentModel.DataAnnotations;

namespace Modelplane.Registry;

/// <summary>Where the registry keeps its data and how large an upload may be.</summary>
public sealed class RegistryOptions
{
    /// <summary>The configuration section the options bind to.</summary>
    public const string Section = "Modelplane";

    /// <summary>Directory holding <c>modelplane.db</c>, <c>blobs/</c> and <c>tmp/</c>; relative paths resolve against the working directory.</summary>
    /// <value>Defaults to <c>./modelplane-data</c>.</value>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = "./modelplane-data";

    /// <summary>The largest model artifact accepted by a push, in bytes.</summary>
    /// <value>Defaults to 2 GiB.</value>
    [Range(typeof(long), "1", "1099511627776")]
    public long MaxUploadBytes { get; set; } = 2L * 1024 * 1024 * 1024;
}
