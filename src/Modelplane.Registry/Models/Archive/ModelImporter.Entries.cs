using System.Formats.Tar;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Modelplane.Registry.Artifacts;
using Modelplane.Registry.Formats;
using Modelplane.Registry.Monitoring;
using Modelplane.Registry.Onnx;

namespace Modelplane.Registry.Models.Archive;

public sealed partial class ModelImporter
{
    // UTF-8 needs at most 3 bytes per UTF-16 character of the card limit.
    private const long MaxCardBytes = 3L * VersionMetadataRules.MaxCardLength;

    // A profile is a few hundred bins per feature; 64 MiB allows tens of thousands of features.
    private const long MaxProfileBytes = 64L * 1024 * 1024;

    private async Task StageBlobAsync(TarEntry entry, ArchiveContents contents, CancellationToken ct)
    {
        var digest = entry.Name[ModelArchiveFormat.BlobPrefix.Length..];
        var versions = contents.VersionsWithDigest(digest);
        if (versions.Count == 0)
        {
            throw Invalid($"Archive entry '{entry.Name}' is not the blob of any version in the manifest.");
        }

        if (contents.Blobs.ContainsKey(digest))
        {
            throw Invalid($"Archive entry '{entry.Name}' appears twice.");
        }

        if (entry.Length > _maxBlobBytes)
        {
            throw new ArtifactTooLargeException(_maxBlobBytes);
        }

        var staged = await Guard(() => _artifacts.StageAsync(entry.DataStream ?? Stream.Null, _maxBlobBytes, ct)).ConfigureAwait(false);
        var blob = new StagedBlob(staged);
        contents.Blobs.Add(digest, blob);
        if (staged.SizeBytes != entry.Length)
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture,
                $"The archive is truncated: entry '{entry.Name}' ends after {staged.SizeBytes} of {entry.Length} bytes."));
        }

        if (staged.Digest != digest)
        {
            throw Invalid($"Blob sha256:{digest} in the archive hashes to {staged.Digest}: the archive is corrupt or was tampered with.");
        }

        await using (var bytes = staged.OpenRead())
        {
            try
            {
                blob.Inspected = _inspector.Inspect(bytes);
            }
            catch (InvalidModelException e)
            {
                throw new InvalidModelException($"Blob sha256:{digest} of version {versions[0].Version}: {e.Message}");
            }
        }

        foreach (var version in versions)
        {
            if (version.SizeBytes != staged.SizeBytes)
            {
                throw Invalid(string.Create(CultureInfo.InvariantCulture,
                    $"Blob sha256:{digest} is {staged.SizeBytes} bytes but the manifest says {version.SizeBytes} for version {version.Version}."));
            }

            CheckClaims(version, blob.Inspected);
        }
    }

    // The manifest is only a claim: the format and signature registered are the ones read from the bytes, and a
    // manifest that says otherwise is refused rather than silently corrected.
    private static void CheckClaims(ArchivedVersion version, InspectedModel inspected)
    {
        if (version.Format != inspected.Format)
        {
            throw Invalid($"The manifest says version {version.Version} is format '{version.Format}', but its blob is '{inspected.Format}'.");
        }

        if (!SameTensors(version.Signature.Inputs, inspected.Signature.Inputs) || !SameTensors(version.Signature.Outputs, inspected.Signature.Outputs))
        {
            throw Invalid($"The manifest's signature of version {version.Version} differs from the one read from its blob: the archive was tampered with.");
        }
    }

    private static bool SameTensors(IReadOnlyList<TensorSpec> claimed, IReadOnlyList<TensorSpec> actual) =>
        claimed.Count == actual.Count
        && claimed.Zip(actual).All(p => p.First is not null && p.First.Name == p.Second.Name
            && p.First.ElementType == p.Second.ElementType && (p.First.Shape ?? []).SequenceEqual(p.Second.Shape));

    private static async Task ReadCardAsync(TarEntry entry, ArchiveContents contents, CancellationToken ct)
    {
        var number = entry.Name[ModelArchiveFormat.CardPrefix.Length..];
        var version = contents.Manifest.Versions.FirstOrDefault(v => v.HasCard && ModelArchiveFormat.CardEntry(v.Version) == entry.Name)
            ?? throw Invalid($"Archive entry '{entry.Name}' is not the model card of any version in the manifest.");
        if (contents.Cards.ContainsKey(version.Version))
        {
            throw Invalid($"Archive entry '{entry.Name}' appears twice.");
        }

        if (entry.Length > MaxCardBytes)
        {
            throw Invalid($"The model card '{entry.Name}' is {entry.Length} bytes; the limit is {MaxCardBytes}.");
        }

        var card = Encoding.UTF8.GetString(await ReadSmallEntryAsync(entry, ct).ConfigureAwait(false));
        if (card.Length > VersionMetadataRules.MaxCardLength || string.IsNullOrWhiteSpace(card))
        {
            throw Invalid($"The model card of version {number} is empty or longer than {VersionMetadataRules.MaxCardLength} characters.");
        }

        contents.Cards.Add(version.Version, card);
    }

    private static async Task ReadProfileAsync(TarEntry entry, ArchiveContents contents, CancellationToken ct)
    {
        var version = contents.Manifest.Versions.FirstOrDefault(v => v.HasProfile && ModelArchiveFormat.ProfileEntry(v.Version) == entry.Name)
            ?? throw Invalid($"Archive entry '{entry.Name}' is not the reference profile of any version in the manifest.");
        if (contents.Profiles.ContainsKey(version.Version))
        {
            throw Invalid($"Archive entry '{entry.Name}' appears twice.");
        }

        if (entry.Length > MaxProfileBytes)
        {
            throw Invalid($"The reference profile '{entry.Name}' is {entry.Length} bytes; the limit is {MaxProfileBytes}.");
        }

        var json = await ReadSmallEntryAsync(entry, ct).ConfigureAwait(false);
        try
        {
            var profile = MonitoringJson.DeserializeReference(json);
            // Deserialisation leaves a missing list null despite the annotations; such a profile would fail at the first window.
            if (profile.Profile?.Features is null || profile.Profile.Outputs is null)
            {
                throw new JsonException("it has no feature or output list");
            }

            contents.Profiles.Add(version.Version, profile);
        }
        catch (JsonException e)
        {
            throw Invalid($"The reference profile of version {version.Version} ('{entry.Name}') is not valid: {e.Message}");
        }
    }

    // A card or profile, whose size the caller has checked: read whole, and refused when the archive ends inside it.
    private static async Task<byte[]> ReadSmallEntryAsync(TarEntry entry, CancellationToken ct)
    {
        using var buffer = new MemoryStream((int)entry.Length);
        if (entry.DataStream is { } data)
        {
            await Guard(async () =>
            {
                await data.CopyToAsync(buffer, ct).ConfigureAwait(false);
                return true;
            }).ConfigureAwait(false);
        }

        if (buffer.Length != entry.Length)
        {
            throw Invalid($"The archive is truncated: entry '{entry.Name}' ends after {buffer.Length} of {entry.Length} bytes.");
        }

        return buffer.ToArray();
    }
}
