using Modelplane.Registry.Lineage;
using Modelplane.Registry.Models;
using Modelplane.Registry.Storage;
using static Modelplane.Registry.Tests.Storage.StoreTestData;

namespace Modelplane.Registry.Tests.Storage;

/// <summary>Params and lineage written at push: every backend must round-trip them and refuse a dangling parent.</summary>
public abstract class VersionLineageContractTests<TFixture> : MetadataStoreTestBase<TFixture>
    where TFixture : IMetadataStoreFixture, new()
{
    private static readonly VersionLineage Full = new(
        "s3://data/churn/train.csv", DigestOf("train"), "https://git.example/churn", "abc123", "run-7", [], "ana");

    [Fact]
    public async Task CreateVersionAsync_ParamsAndLineage_RoundTrip()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn", "a"), Ct);
        var request = NewVersion("churn", "b") with
        {
            Params = new Dictionary<string, string> { ["max_depth"] = "6", ["lr"] = "0.1" },
            Lineage = Full with { Parents = [1] },
        };

        await Store.Models.CreateVersionAsync(request, Ct);

        var stored = (await Store.Models.GetVersionAsync("churn", 2, Ct))!;
        Assert.Equal(request.Params.OrderBy(p => p.Key), stored.Params.OrderBy(p => p.Key));
        Assert.Equal(
            (Full.DatasetUri, Full.DatasetSha256, Full.CodeRepository, Full.CodeCommit, Full.RunId, Full.CreatedBy),
            (stored.Lineage.DatasetUri, stored.Lineage.DatasetSha256, stored.Lineage.CodeRepository, stored.Lineage.CodeCommit, stored.Lineage.RunId, stored.Lineage.CreatedBy));
        Assert.Equal([1], stored.Lineage.Parents);
    }

    [Fact]
    public async Task CreateVersionAsync_UnknownParent_ThrowsNotFoundAndRegistersNothing()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn", "a"), Ct);

        var ex = await Assert.ThrowsAsync<ResourceNotFoundException>(
            () => Store.Models.CreateVersionAsync(NewVersion("churn", "b") with { Lineage = Full with { Parents = [5] } }, Ct));

        Assert.Contains("Parent version 5", ex.Message, StringComparison.Ordinal);
        Assert.Single(await Store.Models.ListVersionsAsync("churn", Ct));
    }

    [Fact]
    public async Task BuildAsync_TwoGenerations_LinksVersionsDataCodeAndRun()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn", "a") with { Lineage = Full }, Ct);
        var child = await Store.Models.CreateVersionAsync(
            NewVersion("churn", "b") with { Lineage = Full with { RunId = "run-8", Parents = [1] } }, Ct);

        var graph = await LineageGraphBuilder.BuildAsync(Store.Models, child, Store.Tracking, Ct);

        Assert.Equal(
            ["version:churn@2", "dataset:sha256:" + Full.DatasetSha256, "code:https://git.example/churn@abc123", "run:run-8", "version:churn@1", "run:run-7"],
            graph.Nodes.Select(n => n.Id));
        Assert.Contains(new LineageEdge("version:churn@2", "version:churn@1", LineageEdgeTypes.DerivedFrom), graph.Edges);
        Assert.Contains(new LineageEdge("version:churn@1", "dataset:sha256:" + Full.DatasetSha256, LineageEdgeTypes.TrainedOn), graph.Edges);
        Assert.Equal(7, graph.Edges.Count);
    }
}
