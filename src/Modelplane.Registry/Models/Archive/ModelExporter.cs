using System.Formats.Tar;
using System.IO.Compression;
using System.Reflection;
using System.Text;
using Modelplane.Registry.Artifacts;
using Modelplane.Registry.Monitoring;

namespace Modelplane.Registry.Models.Archive;

/// <summary>
/// Writes a model with all its versions, metadata, model cards, reference profiles and blobs as one archive (<see cref="ModelArchiveFormat"/>).
/// Blobs stream from the artifact store into the tar and are hashed on the way; nothing larger than one model card
/// is held in memory.
/// </summary>
public sealed class ModelExporter(
    IModelStore models,
    IVersionMetadataStore metadata,
    IRegisteredModelStore registered,
    IVersionStageStore stages,
    IReferenceProfileStore references,
    IArtifactStore artifacts,
    TimeProvider time)
{
    private static readonly string Exporter =
        "modelplane " + (typeof(ModelExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");

    /// <summary>Reads what the archive of <paramref name="model"/> will hold, or null when the model does not exist.</summary>
    /// <remarks>Separate from <see cref="WriteAsync"/> so an HTTP handler can answer 404 before the response starts.</remarks>
    public async Task<ModelArchiveManifest?> CreateManifestAsync(string model, CancellationToken ct)
    {
        var versions = await models.ListVersionsAsync(model, ct).ConfigureAwait(false);
        if (versions.Count == 0)
        {
            return null;
        }

        var entry = await registered.GetAsync(model, ct).ConfigureAwait(false);
        var staged = (await stages.ListAsync(model, ct).ConfigureAwait(false)).ToDictionary(s => s.Version);

        // Deleted versions are not exported, so links to them cannot be kept: an importer could not resolve them.
        var exported = versions.Select(v => v.Version).ToHashSet();
        var profiled = new HashSet<int>();
        foreach (var version in versions)
        {
            if (await references.GetAsync(model, version.Version, ct).ConfigureAwait(false) is not null)
            {
                profiled.Add(version.Version);
            }
        }

        return new ModelArchiveManifest(
            ModelArchiveFormat.Version,
            model,
            Exporter,
            time.GetUtcNow(),
            [.. versions.OrderBy(v => v.Version).Select(v => ArchivedVersion.From(v) with
            {
                Stage = staged.TryGetValue(v.Version, out var s) && s.Stage != VersionStages.None ? s.Stage : null,
                Source = staged.TryGetValue(v.Version, out var r) ? r.Source : null,
                Lineage = v.Lineage with { Parents = [.. v.Lineage.Parents.Where(exported.Contains)] },
                HasProfile = profiled.Contains(v.Version),
            })])
        {
            Description = entry?.Description,
            ModelTags = entry is { Tags.Count: > 0 } ? entry.Tags : null,
        };
    }

    /// <summary>Writes the archive described by <paramref name="manifest"/> to <paramref name="destination"/>.</summary>
    /// <param name="manifest">From <see cref="CreateManifestAsync"/>.</param>
    /// <param name="destination">Where the tar goes; left open. It need not be seekable (an HTTP response).</param>
    /// <param name="gzip">Whether to gzip the tar.</param>
    /// <param name="ct">Cancels the export; the destination then holds a truncated archive that import refuses.</param>
    /// <exception cref="ArtifactNotFoundException">A version's blob is missing from the store.</exception>
    /// <exception cref="ArtifactIntegrityException">A stored blob no longer matches its digest; the archive is left incomplete.</exception>
    public async Task WriteAsync(ModelArchiveManifest manifest, Stream destination, bool gzip, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(destination);
        var target = gzip ? new GZipStream(destination, CompressionLevel.Fastest, leaveOpen: true) : destination;
        try
        {
            // Disposed before the gzip stream, so the end-of-archive blocks are compressed too.
            var tar = new TarWriter(target, TarEntryFormat.Pax, leaveOpen: true);
            await using (tar.ConfigureAwait(false))
            {
                await WriteEntryAsync(tar, ModelArchiveFormat.ManifestEntry, manifest.ToJson(), manifest.CreatedAt, ct)
                    .ConfigureAwait(false);
                foreach (var version in manifest.Versions.Where(v => v.HasCard))
                {
                    var card = await metadata.GetCardAsync(manifest.Model, version.Version, ct).ConfigureAwait(false)
                        ?? throw new InvalidOperationException($"The model card of {manifest.Model}@{version.Version} disappeared during the export.");
                    await WriteEntryAsync(tar, ModelArchiveFormat.CardEntry(version.Version), Encoding.UTF8.GetBytes(card), manifest.CreatedAt, ct).ConfigureAwait(false);
                }

                foreach (var version in manifest.Versions.Where(v => v.HasProfile))
                {
                    var profile = await references.GetAsync(manifest.Model, version.Version, ct).ConfigureAwait(false)
                        ?? throw new InvalidOperationException($"The reference profile of {manifest.Model}@{version.Version} disappeared during the export.");
                    await WriteEntryAsync(tar, ModelArchiveFormat.ProfileEntry(version.Version), MonitoringJson.SerializeReference(profile), manifest.CreatedAt, ct).ConfigureAwait(false);
                }

                foreach (var version in manifest.Versions.DistinctBy(v => v.Digest))
                {
                    await WriteBlobAsync(tar, version, manifest.CreatedAt, ct).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (gzip)
            {
                await target.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task WriteBlobAsync(TarWriter tar, ArchivedVersion version, DateTimeOffset time, CancellationToken ct)
    {
        var blob = new VerifyingReadStream(await artifacts.OpenReadAsync(version.Digest, ct).ConfigureAwait(false), version.Digest);
        await using (blob.ConfigureAwait(false))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, ModelArchiveFormat.BlobEntry(version.Digest))
            {
                DataStream = blob,
                ModificationTime = time,
            };
            await tar.WriteEntryAsync(entry, ct).ConfigureAwait(false);
            blob.EnsureVerified();
        }
    }

    private static async Task WriteEntryAsync(TarWriter tar, string name, byte[] content, DateTimeOffset time, CancellationToken ct)
    {
        using var data = new MemoryStream(content, writable: false);
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = data, ModificationTime = time };
        await tar.WriteEntryAsync(entry, ct).ConfigureAwait(false);
    }
}
