namespace Modelplane.Governance.Secrets;

/// <summary>Where the master key that encrypts secrets comes from when <c>MODELPLANE_SECRET_KEY</c> is not set.</summary>
public sealed class SecretOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Modelplane:Governance";

    /// <summary>The environment variable that holds the master key (32 bytes, base64); it wins over every file.</summary>
    public const string KeyVariable = "MODELPLANE_SECRET_KEY";

    /// <summary>The key file's name in the data directory when <see cref="SecretKeyFile"/> is not set.</summary>
    public const string DefaultKeyFileName = "secret.key";

    /// <summary>A file holding the master key (32 bytes, base64 text).</summary>
    /// <value>Defaults to none: <c>&lt;data-dir&gt;/secret.key</c>, generated on first start.</value>
    public string? SecretKeyFile { get; set; }
}
