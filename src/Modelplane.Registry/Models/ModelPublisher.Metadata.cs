using System.Globalization;

namespace Modelplane.Registry.Models;

public sealed partial class ModelPublisher
{
    private static IReadOnlyDictionary<string, string> ValidateParams(IReadOnlyDictionary<string, string>? parameters)
    {
        foreach (var (key, value) in parameters ?? new Dictionary<string, string>())
        {
            VersionMetadataRules.ValidateKey(key, "Param");
            VersionMetadataRules.ValidateValue(value, $"Param '{key}'");
        }

        return parameters ?? new Dictionary<string, string>();
    }

    private static VersionLineage NormalizeLineage(VersionLineage? lineage)
    {
        if (lineage is null)
        {
            return VersionLineage.Empty;
        }

        VersionMetadataRules.ValidateValue(lineage.DatasetUri, "dataset_uri");
        VersionMetadataRules.ValidateValue(lineage.CodeRepository, "code_repo");
        VersionMetadataRules.ValidateValue(lineage.CodeCommit, "code_commit");
        VersionMetadataRules.ValidateValue(lineage.RunId, "run_id");
        VersionMetadataRules.ValidateValue(lineage.CreatedBy, "created_by");
        var parents = lineage.Parents ?? [];
        foreach (var parent in parents.Where(p => p < 1))
        {
            throw new RegistryValidationException($"parent {parent.ToString(CultureInfo.InvariantCulture)} is not a positive version number.");
        }

        return lineage with
        {
            DatasetSha256 = NormalizeSha256(Blank(lineage.DatasetSha256), "dataset_sha256 must be 64 hexadecimal characters."),
            DatasetUri = Blank(lineage.DatasetUri),
            CodeRepository = Blank(lineage.CodeRepository),
            CodeCommit = Blank(lineage.CodeCommit),
            RunId = Blank(lineage.RunId),
            CreatedBy = Blank(lineage.CreatedBy),
            Parents = [.. parents.Distinct().Order()],
        };
    }

    // Checked before the upload is staged so a wrong parent costs no disk and leaves no orphan blob behind;
    // the store's foreign key still guards the insert.
    private async Task CheckParentsExistAsync(string model, IReadOnlyList<int> parents, CancellationToken ct)
    {
        foreach (var parent in parents)
        {
            if (await _models.GetVersionAsync(model, parent, ct) is null)
            {
                throw new RegistryValidationException(
                    $"parent {parent.ToString(CultureInfo.InvariantCulture)}: model '{model}' has no such version.");
            }
        }
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
