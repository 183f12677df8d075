using System.Formats.Tar;
using Microsoft.Extensions.Options;
using Modelplane.Registry.Artifacts;
using Modelplane.Registry.Formats;
using Modelplane.Registry.Monitoring;
using Modelplane.Registry.Onnx;
using Modelplane.Registry.Storage;

namespace Modelplane.Registry.Models.Archive;

/// <summary>
/// Registers a model from an archive written by <see cref="ModelExporter"/>. The archive is read once, front to back:
/// the manifest is checked, every blob is staged while its SHA-256 is computed and compared with its name, re-inspected
/// so the manifest cannot claim a format or signature the bytes do not have, and only when every entry has passed are
/// the blobs committed and all versions written in one transaction.
/// </summary>
public sealed partial class ModelImporter
{
    private readonly IArtifactStore _artifacts;
    private readonly IModelInspector _inspector;
    private readonly IModelStore _models;
    private readonly IModelImportStore _imports;
    private readonly IReferenceProfileStore _references;
    private readonly long _maxBlobBytes;

    /// <summary>Creates an importer over the given stores.</summary>
    public ModelImporter(
        IArtifactStore artifacts, IModelInspector inspector, IModelStore models, IModelImportStore imports, IReferenceProfileStore references, IOptions<RegistryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _artifacts = artifacts;
        _inspector = inspector;
        _models = models;
        _imports = imports;
        _references = references;
        _maxBlobBytes = options.Value.MaxUploadBytes;
    }

    /// <summary>Imports the model in <paramref name="archive"/> (a tar, optionally gzip-compressed).</summary>
    /// <param name="archive">The archive, read once from its current position; it need not be seekable.</param>
    /// <param name="asName">The name to register the model under, or null for the name in the manifest.</param>
    /// <param name="ct">Cancels the import; nothing is registered then.</param>
    /// <returns>The registered versions, ascending, with the numbers they had in the archive.</returns>
    /// <exception cref="RegistryValidationException">
    /// The archive is truncated or malformed, has an unknown format version, an unsafe or unexpected entry name, a blob
    /// that does not hash to its name, a missing blob or card, or a manifest whose format or signature the bytes contradict.
    /// </exception>
    /// <exception cref="ResourceConflictException">A model with the target name already exists.</exception>
    /// <exception cref="ArtifactTooLargeException">A blob exceeds <see cref="RegistryOptions.MaxUploadBytes"/>.</exception>
    /// <exception cref="InvalidModelException">A blob is not a servable model.</exception>
    public async Task<IReadOnlyList<ModelVersion>> ImportAsync(Stream archive, string? asName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(archive);
        if (asName is not null && !ResourceNames.IsValid(asName))
        {
            throw new RegistryValidationException($"'{asName}' is not a valid model name: {ResourceNames.Rule}.");
        }

        var tarStream = await Guard(() => PrefixedStream.OpenTarAsync(archive, ct)).ConfigureAwait(false);
        await using (tarStream.ConfigureAwait(false))
        {
            var reader = new TarReader(tarStream, leaveOpen: true);
            await using (reader.ConfigureAwait(false))
            {
                var manifest = await ReadManifestAsync(reader, ct).ConfigureAwait(false);
                var name = asName ?? manifest.Model;
                if (await _models.GetLatestVersionAsync(name, ct).ConfigureAwait(false) is not null)
                {
                    throw new ResourceConflictException($"Model '{name}' already exists; import it under another name (--as NAME, ?as=NAME).");
                }

                var contents = new ArchiveContents(manifest);
                try
                {
                    await ReadEntriesAsync(reader, contents, ct).ConfigureAwait(false);
                    contents.EnsureComplete();
                    foreach (var blob in contents.Blobs.Values)
                    {
                        await blob.Staged.CommitAsync(ct).ConfigureAwait(false);
                    }

                    var imported = await _imports.ImportAsync(contents.ToImportedModel(name), ct).ConfigureAwait(false);
                    // After the versions exist (a profile belongs to one); under the name imported, drift monitoring
                    // picks them up as it would a profile uploaded now.
                    foreach (var (version, profile) in contents.Profiles)
                    {
                        await _references.SaveAsync(profile with { Model = name, Version = version }, ct).ConfigureAwait(false);
                    }

                    return imported;
                }
                finally
                {
                    await contents.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    private async Task ReadEntriesAsync(TarReader reader, ArchiveContents contents, CancellationToken ct)
    {
        // Every legitimate entry is the manifest, a card, a profile or a blob, so a longer archive is refused rather than walked.
        var maxEntries = (3 * contents.Manifest.Versions.Count) + 16;
        for (var count = 1; await Guard(() => reader.GetNextEntryAsync(copyData: false, ct).AsTask()).ConfigureAwait(false) is { } entry; count++)
        {
            if (count > maxEntries)
            {
                throw Invalid($"The archive has more than {maxEntries} entries; a model archive holds its manifest, cards, profiles and blobs only.");
            }

            if (!IsFileEntry(entry))
            {
                continue;
            }

            if (entry.Name.StartsWith(ModelArchiveFormat.BlobPrefix, StringComparison.Ordinal))
            {
                await StageBlobAsync(entry, contents, ct).ConfigureAwait(false);
            }
            else if (entry.Name.StartsWith(ModelArchiveFormat.CardPrefix, StringComparison.Ordinal))
            {
                await ReadCardAsync(entry, contents, ct).ConfigureAwait(false);
            }
            else if (entry.Name.StartsWith(ModelArchiveFormat.ProfilePrefix, StringComparison.Ordinal))
            {
                await ReadProfileAsync(entry, contents, ct).ConfigureAwait(false);
            }
            else
            {
                throw Invalid(
                    $"Unexpected archive entry '{entry.Name}': a model archive holds {ModelArchiveFormat.ManifestEntry}, {ModelArchiveFormat.CardPrefix}*, " +
                    $"{ModelArchiveFormat.ProfilePrefix}* and {ModelArchiveFormat.BlobPrefix}* only.");
            }
        }
    }

    // Names are checked before anything else about an entry; directories and PAX global headers carry no data.
    private static bool IsFileEntry(TarEntry entry)
    {
        if (entry.EntryType == TarEntryType.GlobalExtendedAttributes)
        {
            return false;
        }

        if (!ModelArchiveFormat.IsSafeEntryName(entry.Name.TrimEnd('/')))
        {
            throw Invalid($"Archive entry '{entry.Name}' has an absolute path or a '..' segment; refusing the archive.");
        }

        return entry.EntryType switch
        {
            TarEntryType.Directory => false,
            TarEntryType.RegularFile or TarEntryType.V7RegularFile => true,
            _ => throw Invalid($"Archive entry '{entry.Name}' is a {entry.EntryType}; only regular files are allowed."),
        };
    }

    private static RegistryValidationException Invalid(string message) => new(message);

    // A truncated or garbled archive surfaces as the tar or gzip reader's own exceptions; callers get a 400 naming it.
    private static async Task<T> Guard<T>(Func<Task<T>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or FormatException or ArgumentException)
        {
            throw Invalid($"The archive is truncated or is not a model archive (tar or tar.gz): {e.Message}");
        }
    }
}
