using Modelplane.Registry.Artifacts;
using Modelplane.Registry.Formats;

namespace Modelplane.Registry.Models.Archive;

/// <summary>What an import has read so far: the manifest, the staged (uncommitted) blobs and the card texts.</summary>
internal sealed class ArchiveContents(ModelArchiveManifest manifest) : IAsyncDisposable
{
    private readonly ILookup<string, ArchivedVersion> _byDigest = manifest.Versions.ToLookup(v => v.Digest, StringComparer.Ordinal);

    public ModelArchiveManifest Manifest => manifest;

    public Dictionary<string, StagedBlob> Blobs { get; } = new(StringComparer.Ordinal);

    public Dictionary<int, string> Cards { get; } = [];

    public Dictionary<int, Monitoring.ReferenceProfile> Profiles { get; } = [];

    public IReadOnlyList<ArchivedVersion> VersionsWithDigest(string digest) => [.. _byDigest[digest]];

    /// <summary>Throws unless every blob, card and profile the manifest names was in the archive.</summary>
    public void EnsureComplete()
    {
        foreach (var version in manifest.Versions)
        {
            if (!Blobs.ContainsKey(version.Digest))
            {
                throw new RegistryValidationException(
                    $"Blob sha256:{version.Digest} of version {version.Version} is missing from the archive ({ModelArchiveFormat.BlobEntry(version.Digest)}).");
            }

            if (version.HasCard && !Cards.ContainsKey(version.Version))
            {
                throw new RegistryValidationException(
                    $"The model card of version {version.Version} is missing from the archive ({ModelArchiveFormat.CardEntry(version.Version)}).");
            }

            if (version.HasProfile && !Profiles.ContainsKey(version.Version))
            {
                throw new RegistryValidationException(
                    $"The reference profile of version {version.Version} is missing from the archive ({ModelArchiveFormat.ProfileEntry(version.Version)}).");
            }
        }
    }

    /// <summary>The versions to register: metadata from the manifest, format and signature from the inspected bytes.</summary>
    public ImportedModel ToImportedModel(string name) => new(
        name,
        [.. manifest.Versions.Select(v =>
        {
            var inspected = Blobs[v.Digest].Inspected!;
            // Validated when the manifest was read.
            _ = VersionApproval.TryParse(v.Approval.Status, out var status);
            return new ImportedVersion(
                v.Version,
                new NewModelVersion(name, v.Digest, v.SizeBytes, inspected.Format, inspected.Signature, v.Description, v.Tags, v.Metrics)
                {
                    Params = v.Params,
                    Lineage = v.Lineage,
                },
                v.CreatedAt)
            {
                Approval = new VersionApproval(status, v.Approval.By, v.Approval.At, v.Approval.Comment),
                Card = v.HasCard ? Cards[v.Version] : null,
                Aliases = v.Aliases,
                Stage = v.Stage,
                Source = v.Source,
            };
        })])
    {
        Description = manifest.Description,
        Tags = manifest.ModelTags ?? new Dictionary<string, string>(),
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var blob in Blobs.Values)
        {
            await blob.Staged.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>A blob staged from the archive and what its bytes were inspected to be.</summary>
internal sealed class StagedBlob(StagedArtifact staged)
{
    public StagedArtifact Staged => staged;

    public InspectedModel? Inspected { get; set; }
}
