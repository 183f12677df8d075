using Modelplane.Client.Contracts;
using Modelplane.Registry.Artifacts;
using Modelplane.Registry.Models;
using Modelplane.Registry.Models.Lifecycle;
using Modelplane.Serving.Routing;

namespace Modelplane.Server.Api;

// Purges: the hard delete of deleted items, then the blobs nothing references any more.
internal static partial class ModelLifecycleApi
{
    internal static Task<IResult> PurgeModel(
        string name, IModelLifecycleStore lifecycle, ArtifactCollector collector, ServingTable table, CancellationToken ct) =>
        PurgeAsync(name, null, lifecycle, collector, table, ct);

    internal static async Task<IResult> PurgeVersion(
        string name, string version, IModelLifecycleStore lifecycle, ArtifactCollector collector, ServingTable table, CancellationToken ct) =>
        VersionNumber(version) is { } number
            ? await PurgeAsync(name, number, lifecycle, collector, table, ct).ConfigureAwait(false)
            : NumberRequired(version);

    internal static Task<IResult> PurgeAll(IModelLifecycleStore lifecycle, ArtifactCollector collector, ServingTable table, CancellationToken ct) =>
        PurgeAsync(null, null, lifecycle, collector, table, ct);

    private static async Task<IResult> PurgeAsync(
        string? name, int? version, IModelLifecycleStore lifecycle, ArtifactCollector collector, ServingTable table, CancellationToken ct)
    {
        var purged = await lifecycle.PurgeAsync(name, version, ct).ConfigureAwait(false);
        foreach (var model in purged.Versions.GroupBy(v => v.Model, StringComparer.Ordinal))
        {
            table.OnVersionsRemoved(model.Key, [.. model.Select(v => v.Version)]);
        }

        // The rows are gone for good at this point; a failed collection only leaves blobs for the periodic one.
        var collected = await collector.CollectAsync(purged.Digests, CancellationToken.None).ConfigureAwait(false);
        return TypedResults.Ok(new PurgeResultDto(
            purged.Models,
            [.. purged.Versions.Select(v => new PurgedVersionDto(v.Model, v.Version, v.Digest))],
            collected.DeletedDigests.Count,
            collected.DeletedBytes));
    }

    private static DeletedVersionDto ToDto(this DeletedVersion d) => new(
        d.Version.Model, d.Version.Version, d.Version.Digest, d.Version.SizeBytes, d.Version.CreatedAt,
        d.Deletion.DeletedAt, d.Deletion.DeletedBy, d.Deletion.Reason, d.WithModel);

    private static DeletedModelDto ToDto(this DeletedModel d) =>
        new(d.Name, d.Deletion.DeletedAt, d.Deletion.DeletedBy, d.Deletion.Reason, d.Versions);

    private static DeletedItemsDto ToDto(this DeletedItems items) =>
        new([.. items.Models.Select(ToDto)], [.. items.Versions.Select(ToDto)]);
}
