using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Modelplane.Governance.Storage;
using Modelplane.Registry.FileSystem;

namespace Modelplane.Governance.Secrets;

/// <summary>
/// The 32-byte key that seals every secret, from <c>MODELPLANE_SECRET_KEY</c> (base64), else
/// <see cref="SecretOptions.SecretKeyFile"/>, else <c>&lt;data-dir&gt;/secret.key</c>, which is generated on first start.
/// </summary>
internal sealed class SecretMasterKey
{
    public const int KeyBytes = 32;

    private readonly Lazy<(byte[] Key, string Id)> _key;

    public SecretMasterKey(IOptions<SecretOptions> options, ControlDatabase database, IFileSystem fs)
        : this(Environment.GetEnvironmentVariable(SecretOptions.KeyVariable), options.Value.SecretKeyFile, database.DataDirectory, fs)
    {
    }

    internal SecretMasterKey(string? fromEnvironment, string? keyFile, string dataDirectory, IFileSystem fs)
    {
        _key = new(() =>
        {
            var key = !string.IsNullOrWhiteSpace(fromEnvironment)
                ? Decode(fromEnvironment, $"the environment variable {SecretOptions.KeyVariable}")
                : !string.IsNullOrWhiteSpace(keyFile)
                    ? ReadFile(keyFile)
                    : ReadOrCreate(Path.Combine(dataDirectory, SecretOptions.DefaultKeyFileName), fs);
            return (key, IdOf(key));
        });
    }

    /// <summary>The key bytes (read once, on first use).</summary>
    public ReadOnlySpan<byte> Key => _key.Value.Key;

    /// <summary>Hex of the first 8 bytes of the key's SHA-256: stored with each row, so a wrong key is named, not guessed.</summary>
    public string Id => _key.Value.Id;

    /// <summary>Reads (or generates) the key now, so a bad key fails the start rather than the first secret.</summary>
    public void EnsureLoaded() => _ = _key.Value;

    internal static string IdOf(ReadOnlySpan<byte> key) => Convert.ToHexStringLower(SHA256.HashData(key)[..8]);

    private static byte[] Decode(string text, string source)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException ex)
        {
            throw new SecretKeyException($"The secret master key in {source} is not base64.", ex);
        }

        return key.Length == KeyBytes
            ? key
            : throw new SecretKeyException($"The secret master key in {source} is {key.Length} bytes; it must be {KeyBytes} (base64 of 32 random bytes).");
    }

    private static byte[] ReadFile(string path)
    {
        try
        {
            return Decode(File.ReadAllText(path, Encoding.ASCII), $"the file {path}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SecretKeyException($"The secret master key file {path} cannot be read: {ex.Message}", ex);
        }
    }

    private static byte[] ReadOrCreate(string path, IFileSystem fs)
    {
        if (File.Exists(path))
        {
            return ReadFile(path);
        }

        var key = RandomNumberGenerator.GetBytes(KeyBytes);
        var directory = Path.GetDirectoryName(path)!;
        var temporary = Path.Combine(directory, $".{SecretOptions.DefaultKeyFileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            // Created with mode 0600 from the first byte (no window in which it is world-readable), fsynced, then renamed
            // into place without overwriting, so two processes starting at once end up with the same key.
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, create))
            {
                stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(key) + "\n"));
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                return ReadFile(path);
            }

            fs.SyncDirectory(directory);
            return key;
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
