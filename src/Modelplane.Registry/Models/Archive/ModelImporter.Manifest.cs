using System.Formats.Tar;
using System.Globalization;
using System.Text.Json;
using Modelplane.Registry.Artifacts;

namespace Modelplane.Registry.Models.Archive;

public sealed partial class ModelImporter
{
    private static async Task<ModelArchiveManifest> ReadManifestAsync(TarReader reader, CancellationToken ct)
    {
        var entry = await Guard(() => reader.GetNextEntryAsync(copyData: false, ct).AsTask()).ConfigureAwait(false)
            ?? throw Invalid("The archive is empty.");
        if (entry.Name != ModelArchiveFormat.ManifestEntry || !IsFileEntry(entry))
        {
            throw Invalid($"The archive's first entry is '{entry.Name}'; a model archive starts with {ModelArchiveFormat.ManifestEntry}.");
        }

        if (entry.Length > ModelArchiveFormat.MaxManifestBytes)
        {
            throw Invalid($"{ModelArchiveFormat.ManifestEntry} is {entry.Length} bytes; the limit is {ModelArchiveFormat.MaxManifestBytes}.");
        }

        ModelArchiveManifest? manifest;
        try
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

            manifest = JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), ModelArchiveJsonContext.Default.ModelArchiveManifest);
        }
        catch (JsonException e)
        {
            throw Invalid($"{ModelArchiveFormat.ManifestEntry} is not valid: {e.Message}");
        }

        return Validate(manifest ?? throw Invalid($"{ModelArchiveFormat.ManifestEntry} is empty."));
    }

    private static ModelArchiveManifest Validate(ModelArchiveManifest manifest)
    {
        if (manifest.FormatVersion != ModelArchiveFormat.Version)
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture,
                $"Unsupported archive format version {manifest.FormatVersion}; this server reads version {ModelArchiveFormat.Version}."));
        }

        if (!ResourceNames.IsValid(manifest.Model))
        {
            throw Invalid($"The manifest's model name '{manifest.Model}' is not valid: {ResourceNames.Rule}.");
        }

        if (manifest.Versions is not { Count: > 0 })
        {
            throw Invalid("The manifest lists no versions.");
        }

        var numbers = new HashSet<int>();
        var aliases = new HashSet<string>(StringComparer.Ordinal);
        foreach (var version in manifest.Versions)
        {
            if (version is null || version.Version < 1 || !numbers.Add(version.Version))
            {
                throw Invalid($"The manifest lists version {version?.Version.ToString(CultureInfo.InvariantCulture) ?? "null"} twice or with an invalid number.");
            }

            foreach (var alias in version.Aliases ?? [])
            {
                if (!VersionMetadataRules.IsValidAlias(alias) || !aliases.Add(alias))
                {
                    throw Invalid($"Alias '{alias}' of version {version.Version} is invalid or used twice: {VersionMetadataRules.AliasRule}.");
                }
            }
        }

        foreach (var (key, value) in manifest.ModelTags ?? new Dictionary<string, string>())
        {
            VersionMetadataRules.ValidateKey(key, "model tag");
            VersionMetadataRules.ValidateValue(value, $"model tag '{key}'");
        }

        VersionMetadataRules.ValidateValue(manifest.Description, "model description");
        return manifest with { Versions = [.. manifest.Versions.Select(v => ValidateVersion(v, numbers)).OrderBy(v => v.Version)] };
    }

    // Returns the version with null collections replaced by empty ones, so later steps never see a null from JSON.
    private static ArchivedVersion ValidateVersion(ArchivedVersion v, HashSet<int> numbers)
    {
        var at = $"version {v.Version.ToString(CultureInfo.InvariantCulture)}";
        if (!ArtifactDigests.IsValid(v.Digest) || v.SizeBytes < 1 || string.IsNullOrEmpty(v.Format)
            || v.Signature?.Inputs is null || v.Signature.Outputs is null || v.Approval is null)
        {
            throw Invalid($"The manifest's {at} lacks a valid digest, size, format, signature or approval.");
        }

        if (v.Stage is not null && VersionStages.Normalize(v.Stage) is null)
        {
            throw Invalid($"The manifest's {at} has an unknown stage '{v.Stage}'; expected one of {string.Join(", ", VersionStages.All)}.");
        }

        if (!VersionApproval.TryParse(v.Approval.Status, out _))
        {
            throw Invalid($"The manifest's {at} has an unknown approval status '{v.Approval.Status}'.");
        }

        var tags = v.Tags ?? new Dictionary<string, string>();
        var parameters = v.Params ?? new Dictionary<string, string>();
        foreach (var (key, value) in tags.Concat(parameters))
        {
            VersionMetadataRules.ValidateKey(key, $"{at}: tag or param");
            VersionMetadataRules.ValidateValue(value, $"{at}: '{key}'");
        }

        var metrics = v.Metrics ?? new Dictionary<string, double>();
        foreach (var (key, value) in metrics.Where(m => !double.IsFinite(m.Value)))
        {
            throw Invalid($"The manifest's {at} has metric '{key}' = {value}; metrics must be finite numbers.");
        }

        var lineage = v.Lineage ?? VersionLineage.Empty;
        var parents = lineage.Parents ?? [];
        foreach (var parent in parents.Where(p => p >= v.Version || !numbers.Contains(p)))
        {
            throw Invalid($"The manifest's {at} names parent {parent}, which is not an earlier version in the archive.");
        }

        if (lineage.DatasetSha256 is not null && !ArtifactDigests.IsValid(lineage.DatasetSha256))
        {
            throw Invalid($"The manifest's {at} has a dataset SHA-256 that is not 64 lower-case hex characters.");
        }

        foreach (var (field, value) in new[] { ("dataset_uri", lineage.DatasetUri), ("code_repo", lineage.CodeRepository), ("code_commit", lineage.CodeCommit), ("run_id", lineage.RunId), ("created_by", lineage.CreatedBy), ("approval comment", v.Approval.Comment), ("approval by", v.Approval.By) })
        {
            VersionMetadataRules.ValidateValue(value, $"{at}: {field}");
        }

        VersionMetadataRules.ValidateValue(v.Source, $"{at}: source");
        return v with
        {
            Stage = VersionStages.Normalize(v.Stage),
            Tags = tags,
            Params = parameters,
            Metrics = metrics,
            Lineage = lineage with { Parents = [.. parents.Distinct().Order()] },
            Aliases = v.Aliases ?? [],
        };
    }
}
