using Modelplane.Registry.Endpoints;
using Modelplane.Registry.Storage;
using static Modelplane.Registry.Tests.Storage.StoreTestData;

namespace Modelplane.Registry.Tests.Storage;

/// <summary>The behaviour every <see cref="IEndpointStore"/> backend must show.</summary>
public abstract class EndpointStoreContractTests<TFixture> : MetadataStoreTestBase<TFixture>
    where TFixture : IMetadataStoreFixture, new()
{
    private IEndpointStore Endpoints => Store.Endpoints;

    [Fact]
    public async Task CreateAsync_ExistingVersion_ReturnsEndpoint()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);
        var now = Fixture.Time.GetUtcNow();

        var endpoint = await Endpoints.CreateAsync("churn-prod", "churn", 1, Ct);

        Assert.Equal(new Endpoint("churn-prod", "churn", 1, now, now), endpoint);
    }

    [Fact]
    public async Task CreateAsync_DuplicateName_ThrowsConflictNamingEndpoint()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);
        await Endpoints.CreateAsync("churn-prod", "churn", 1, Ct);

        var error = await Assert.ThrowsAsync<ResourceConflictException>(
            () => Endpoints.CreateAsync("churn-prod", "churn", 1, Ct));

        Assert.Equal("Endpoint 'churn-prod' already exists.", error.Message);
    }

    [Fact]
    public async Task CreateAsync_UnknownVersion_ThrowsNotFoundNamingVersion()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);

        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(
            () => Endpoints.CreateAsync("churn-prod", "churn", 7, Ct));

        Assert.Equal("Model 'churn' has no version 7.", error.Message);
        Assert.Null(await Endpoints.GetAsync("churn-prod", Ct));
    }

    [Fact]
    public async Task CreateAsync_UnknownModel_ThrowsNotFound()
    {
        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(
            () => Endpoints.CreateAsync("ghost-prod", "ghost", 1, Ct));

        Assert.Equal("Model 'ghost' has no version 1.", error.Message);
    }

    [Fact]
    public async Task GetAsync_Unknown_ReturnsNull() => Assert.Null(await Endpoints.GetAsync("missing", Ct));

    [Fact]
    public async Task GetAsync_Created_ReturnsSameEndpoint()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);
        var created = await Endpoints.CreateAsync("churn-prod", "churn", 1, Ct);

        Assert.Equal(created, await Endpoints.GetAsync("churn-prod", Ct));
    }

    [Fact]
    public async Task SetTargetAsync_ExistingVersion_ChangesTargetAndUpdatedAt()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn", "a"), Ct);
        await Store.Models.CreateVersionAsync(NewVersion("churn", "b"), Ct);
        var created = await Endpoints.CreateAsync("churn-prod", "churn", 1, Ct);
        Fixture.Time.Advance(TimeSpan.FromMinutes(5));

        var updated = await Endpoints.SetTargetAsync("churn-prod", "churn", 2, Ct);

        var expected = created with { Version = 2, UpdatedAt = created.CreatedAt.AddMinutes(5) };
        Assert.Equal(expected, updated);
        Assert.Equal(expected, await Endpoints.GetAsync("churn-prod", Ct));
    }

    [Fact]
    public async Task SetTargetAsync_UnknownEndpoint_ThrowsNotFound()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);

        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(
            () => Endpoints.SetTargetAsync("missing", "churn", 1, Ct));

        Assert.Equal("Endpoint 'missing' does not exist.", error.Message);
    }

    [Fact]
    public async Task SetTargetAsync_UnknownVersion_ThrowsNotFoundAndKeepsTarget()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);
        var created = await Endpoints.CreateAsync("churn-prod", "churn", 1, Ct);

        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(
            () => Endpoints.SetTargetAsync("churn-prod", "churn", 9, Ct));

        Assert.Equal("Model 'churn' has no version 9.", error.Message);
        Assert.Equal(created, await Endpoints.GetAsync("churn-prod", Ct));
    }

    [Fact]
    public async Task ListAsync_NoEndpoints_ReturnsEmpty() => Assert.Empty(await Endpoints.ListAsync(Ct));

    [Fact]
    public async Task ListAsync_ThreeEndpoints_OrderedByName()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);
        foreach (var name in new[] { "m-endpoint", "z-endpoint", "a-endpoint" })
        {
            await Endpoints.CreateAsync(name, "churn", 1, Ct);
        }

        var endpoints = await Endpoints.ListAsync(Ct);

        Assert.Equal(["a-endpoint", "m-endpoint", "z-endpoint"], endpoints.Select(e => e.Name));
    }

    [Fact]
    public async Task Reopen_NewInstanceOnSameDatabase_SeesEndpoints()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);
        var created = await Endpoints.CreateAsync("churn-prod", "churn", 1, Ct);

        var reopened = await Fixture.ReopenAsync(Ct);

        Assert.Equal([created], await reopened.Endpoints.ListAsync(Ct));
    }
}
