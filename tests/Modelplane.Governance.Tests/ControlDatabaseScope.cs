using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Modelplane.Governance.Secrets;
using Modelplane.Governance.Signing;
using Modelplane.Governance.Storage;
using Modelplane.Registry.FileSystem;

namespace Modelplane.Governance.Tests;

/// <summary>A migrated control database in a temp directory, with the stores built on it; deleted on dispose.</summary>
internal sealed class ControlDatabaseScope : IDisposable
{
    private static readonly Lazy<IFileSystem> SharedFileSystem = new(() =>
        new ServiceCollection().AddModelplaneRegistry().BuildServiceProvider().GetRequiredService<IFileSystem>());

    private ControlDatabaseScope(string directory)
    {
        DataDirectory = directory;
        Database = new ControlDatabase(directory);
    }

    public string DataDirectory { get; }

    public ControlDatabase Database { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));

    public static IFileSystem FileSystem => SharedFileSystem.Value;

    public static async Task<ControlDatabaseScope> CreateAsync()
    {
        var scope = new ControlDatabaseScope(Directory.CreateTempSubdirectory("mp-governance-tests-").FullName);
        await scope.Database.MigrateAsync(TestContext.Current.CancellationToken);
        return scope;
    }

    /// <summary>A master key from the data directory's generated <c>secret.key</c>, or from <paramref name="base64Key"/> as if from the environment.</summary>
    public SecretMasterKey MasterKey(string? base64Key = null) => new(base64Key, null, DataDirectory, FileSystem);

    public SecretStore Secrets(SecretMasterKey? key = null) =>
        new(Database, key ?? MasterKey(), Time, NullLogger<SecretStore>.Instance);

    public SigningKeyStore Keys() => new(Database, Time);

    public ArtifactSignatureVerifier Verifier() => new(Keys(), Time);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
