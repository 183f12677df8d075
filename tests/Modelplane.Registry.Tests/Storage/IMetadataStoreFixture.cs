using Microsoft.Extensions.Time.Testing;
using Modelplane.Registry.Storage;

namespace Modelplane.Registry.Tests.Storage;

/// <summary>Provides a fresh, migrated metadata store per test, so one contract suite runs against every backend.</summary>
public interface IMetadataStoreFixture : IAsyncDisposable
{
    /// <summary>The clock the stores stamp rows with.</summary>
    FakeTimeProvider Time { get; }

    /// <summary>Creates an empty database and a migrated store over it.</summary>
    Task<IMetadataStore> CreateStoreAsync(CancellationToken ct);

    /// <summary>Opens a new store instance over the same database, as a restarted process would.</summary>
    Task<IMetadataStore> ReopenAsync(CancellationToken ct);
}
