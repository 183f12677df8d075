using Modelplane.Registry.Models;
using Modelplane.Registry.Storage;
using static Modelplane.Registry.Tests.Storage.StoreTestData;

namespace Modelplane.Registry.Tests.Storage;

/// <summary>The behaviour every <see cref="IModelAliasStore"/> backend must show.</summary>
public abstract class AliasStoreContractTests<TFixture> : MetadataStoreTestBase<TFixture>
    where TFixture : IMetadataStoreFixture, new()
{
    private IModelAliasStore Aliases => Store.Aliases;

    [Fact]
    public async Task SetAsync_ExistingVersion_ResolvesToIt()
    {
        await PushAsync("churn", "a", "b");

        var alias = await Aliases.SetAsync("churn", "champion", 2, Ct);
        var resolved = await Aliases.ResolveAsync("churn", "champion", Ct);

        Assert.Equal(("churn", "champion", 2, Fixture.Time.GetUtcNow()), (alias.Model, alias.Alias, alias.Version, alias.UpdatedAt));
        Assert.Equal((2, DigestOf("b")), (resolved!.Version, resolved.Digest));
    }

    [Fact]
    public async Task SetAsync_Again_MovesAliasToNewVersion()
    {
        await PushAsync("churn", "a", "b");
        await Aliases.SetAsync("churn", "champion", 1, Ct);

        await Aliases.SetAsync("churn", "champion", 2, Ct);

        Assert.Equal(2, (await Aliases.ResolveAsync("churn", "champion", Ct))!.Version);
        Assert.Equal(["champion"], (await Store.Models.GetVersionAsync("churn", 2, Ct))!.Aliases);
        Assert.Empty((await Store.Models.GetVersionAsync("churn", 1, Ct))!.Aliases);
    }

    [Fact]
    public async Task SetAsync_UnknownVersion_ThrowsNotFoundAndKeepsOldTarget()
    {
        await PushAsync("churn", "a");
        await Aliases.SetAsync("churn", "champion", 1, Ct);

        var ex = await Assert.ThrowsAsync<ResourceNotFoundException>(() => Aliases.SetAsync("churn", "champion", 9, Ct));

        Assert.Contains("no version 9", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await Aliases.ResolveAsync("churn", "champion", Ct))!.Version);
    }

    [Fact]
    public async Task SetAsync_UnknownModel_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => Aliases.SetAsync("missing", "champion", 1, Ct));
    }

    [Fact]
    public async Task SetAsync_ConcurrentMoves_EndOnOneOfTheTargets()
    {
        await PushAsync("churn", "a", "b", "c", "d");

        await Task.WhenAll(Enumerable.Range(1, 4).Select(v => Task.Run(() => Aliases.SetAsync("churn", "champion", v, Ct), Ct)));

        var aliases = await Aliases.ListAsync("churn", Ct);
        Assert.InRange(Assert.Single(aliases).Version, 1, 4);
    }

    [Fact]
    public async Task DeleteAsync_Existing_RemovesItAndReturnsTrue()
    {
        await PushAsync("churn", "a");
        await Aliases.SetAsync("churn", "champion", 1, Ct);

        Assert.True(await Aliases.DeleteAsync("churn", "champion", Ct));

        Assert.Null(await Aliases.ResolveAsync("churn", "champion", Ct));
        Assert.False(await Aliases.DeleteAsync("churn", "champion", Ct));
    }

    [Fact]
    public async Task ListAsync_TwoAliases_OrderedByName()
    {
        await PushAsync("churn", "a", "b");
        await Aliases.SetAsync("churn", "staging", 2, Ct);
        await Aliases.SetAsync("churn", "champion", 1, Ct);

        var aliases = await Aliases.ListAsync("churn", Ct);

        Assert.Equal([("champion", 1), ("staging", 2)], aliases.Select(a => (a.Alias, a.Version)));
    }

    [Fact]
    public async Task ResolveAsync_Number_ReturnsThatVersion()
    {
        await PushAsync("churn", "a", "b");

        Assert.Equal(DigestOf("a"), (await Aliases.ResolveAsync("churn", "1", Ct))!.Digest);
        Assert.Null(await Aliases.ResolveAsync("churn", "3", Ct));
    }

    [Fact]
    public async Task ResolveAsync_UnknownAlias_ReturnsNull()
    {
        await PushAsync("churn", "a");

        Assert.Null(await Aliases.ResolveAsync("churn", "champion", Ct));
    }

    [Fact]
    public async Task Aliases_OfOneModel_DoNotLeakToAnother()
    {
        await PushAsync("churn", "a");
        await PushAsync("fraud", "b");
        await Aliases.SetAsync("churn", "champion", 1, Ct);

        Assert.Null(await Aliases.ResolveAsync("fraud", "champion", Ct));
        Assert.Empty(await Aliases.ListAsync("fraud", Ct));
    }

    private async Task PushAsync(string model, params string[] contents)
    {
        foreach (var content in contents)
        {
            await Store.Models.CreateVersionAsync(NewVersion(model, content), Ct);
        }
    }
}
