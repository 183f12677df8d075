using Modelplane.Registry.Storage;

namespace Modelplane.Registry.Tests.Storage;

/// <summary>Gives each test a fresh fixture and a migrated store.</summary>
public abstract class MetadataStoreTestBase<TFixture> : IAsyncLifetime
    where TFixture : IMetadataStoreFixture, new()
{
    protected TFixture Fixture { get; } = new();

    protected IMetadataStore Store { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => Store = await Fixture.CreateStoreAsync(Ct);

    public async ValueTask DisposeAsync()
    {
        await Fixture.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
