using System.Text;
using Modelplane.Governance.Signing;

namespace Modelplane.Cli;

/// <summary>Private signing keys on the client: <c>~/.modelplane/keys/NAME.key</c> (PKCS#8 PEM, mode 0600) unless a path is given.</summary>
internal static class SigningKeyFiles
{
    /// <summary>Where key <paramref name="name"/> is kept by default.</summary>
    public static string DefaultPath(CliEnvironment env, string name)
    {
        var home = env.GetVariable("HOME") is { Length: > 0 } fromEnv ? fromEnv : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".modelplane", "keys", name + ".key");
    }

    /// <summary>Writes a new private key readable only by its owner; refuses to overwrite an existing file.</summary>
    public static void Write(string path, string pem)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        if (File.Exists(path))
        {
            throw new UsageException($"'{path}' already exists; a key file is never overwritten. Choose another name or --out FILE.");
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        {
            stream.Write(Encoding.ASCII.GetBytes(pem));
            stream.Flush(flushToDisk: true);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>Signs <paramref name="digest"/> with the key at <paramref name="keyFile"/>, or key <paramref name="name"/>'s default file.</summary>
    public static byte[] Sign(CliEnvironment env, string name, string? keyFile, string digest)
    {
        var path = keyFile ?? DefaultPath(env, name);
        if (!File.Exists(path))
        {
            throw new UsageException($"No private key for '{name}' at '{path}'. Create one with `modelplane keys create {name}` or pass --key-file FILE.");
        }

        try
        {
            return ArtifactSigning.Sign(File.ReadAllText(path, Encoding.ASCII), digest);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"'{path}': {ex.Message}");
        }
    }
}
