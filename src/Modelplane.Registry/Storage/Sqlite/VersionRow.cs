using System.Text.Json;
using Modelplane.Registry.Models;

namespace Modelplane.Registry.Storage.Sqlite;

// A version as Dapper reads it: the row plus its tags, parents and aliases folded into JSON by correlated
// subqueries, so one statement returns a whole version and list queries stay one round trip.
internal sealed class VersionRow
{
    public const string Select = "SELECT " + Columns + " FROM model_versions v";

    /// <summary>The columns of <see cref="Select"/>, for reads that bring the versions in some other way (<c>v</c> is the version row).</summary>
    public const string Columns = """
        v.model AS Model, v.version AS Version, v.digest AS Digest, v.size_bytes AS SizeBytes, v.format AS Format,
               v.signature_json AS SignatureJson, v.description AS Description, v.metrics_json AS MetricsJson,
               v.created_at AS CreatedAt, v.params_json AS ParamsJson, v.dataset_uri AS DatasetUri,
               v.dataset_sha256 AS DatasetSha256, v.code_repository AS CodeRepository, v.code_commit AS CodeCommit,
               v.run_id AS RunId, v.created_by AS CreatedBy, v.author AS Author, v.approval_status AS ApprovalStatus,
               v.approval_by AS ApprovalBy, v.approval_at AS ApprovalAt, v.approval_comment AS ApprovalComment,
               (SELECT json_group_object(t.key, t.value) FROM model_version_tags t
                 WHERE t.model = v.model AND t.version = v.version) AS TagsJson,
               (SELECT json_group_array(p.parent) FROM model_version_parents p
                 WHERE p.model = v.model AND p.version = v.version) AS ParentsJson,
               (SELECT json_group_array(a.alias) FROM model_aliases a
                 WHERE a.model = v.model AND a.version = v.version) AS AliasesJson,
               EXISTS (SELECT 1 FROM model_version_cards c WHERE c.model = v.model AND c.version = v.version) AS HasCard,
               (SELECT json_group_array(json_object('k', s.key_name, 'f', s.key_fingerprint, 's', s.signature, 't', s.signed_at))
                  FROM model_version_signatures s WHERE s.model = v.model AND s.version = v.version) AS SignaturesJson
        """;

    public string Model { get; set; } = "";
    public long Version { get; set; }
    public string Digest { get; set; } = "";
    public long SizeBytes { get; set; }
    public string Format { get; set; } = "";
    public string SignatureJson { get; set; } = "";
    public string? Description { get; set; }
    public string TagsJson { get; set; } = "{}";
    public string MetricsJson { get; set; } = "";
    public long CreatedAt { get; set; }
    public string ParamsJson { get; set; } = "{}";
    public string? DatasetUri { get; set; }
    public string? DatasetSha256 { get; set; }
    public string? CodeRepository { get; set; }
    public string? CodeCommit { get; set; }
    public string? RunId { get; set; }
    public string? CreatedBy { get; set; }
    public string? Author { get; set; }
    public string ApprovalStatus { get; set; } = "pending";
    public string? ApprovalBy { get; set; }
    public long? ApprovalAt { get; set; }
    public string? ApprovalComment { get; set; }
    public string ParentsJson { get; set; } = "[]";
    public string AliasesJson { get; set; } = "[]";
    public long HasCard { get; set; }
    public string SignaturesJson { get; set; } = "[]";

    public ModelVersion ToModelVersion()
    {
        var json = StorageJsonContext.Default;
        var status = VersionApproval.TryParse(ApprovalStatus, out var parsed) ? parsed : Models.ApprovalStatus.Pending;
        return new ModelVersion(
            Model,
            checked((int)Version),
            Digest,
            SizeBytes,
            Format,
            JsonSerializer.Deserialize(SignatureJson, json.ModelSignature)!,
            Description,
            JsonSerializer.Deserialize(TagsJson, json.IReadOnlyDictionaryStringString)!,
            JsonSerializer.Deserialize(MetricsJson, json.IReadOnlyDictionaryStringDouble)!,
            DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt))
        {
            Params = JsonSerializer.Deserialize(ParamsJson, json.IReadOnlyDictionaryStringString)!,
            Lineage = new VersionLineage(
                DatasetUri, DatasetSha256, CodeRepository, CodeCommit, RunId,
                [.. JsonSerializer.Deserialize(ParentsJson, json.IReadOnlyListInt32)!.Order()],
                CreatedBy),
            Approval = new VersionApproval(
                status, ApprovalBy, ApprovalAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null, ApprovalComment),
            Aliases = [.. JsonSerializer.Deserialize(AliasesJson, json.IReadOnlyListString)!.Order(StringComparer.Ordinal)],
            HasCard = HasCard != 0,
            Author = Author,
            Signatures = [.. JsonSerializer.Deserialize(SignaturesJson, json.IReadOnlyListSignatureRow)!
                .Select(s => s.ToSignature())
                .OrderBy(s => s.SignedAt).ThenBy(s => s.Key, StringComparer.Ordinal)],
        };
    }
}

// One signature as the version query folds it into JSON (short names keep list queries small).
internal sealed record SignatureRow(
    [property: System.Text.Json.Serialization.JsonPropertyName("k")] string Key,
    [property: System.Text.Json.Serialization.JsonPropertyName("f")] string Fingerprint,
    [property: System.Text.Json.Serialization.JsonPropertyName("s")] string Signature,
    [property: System.Text.Json.Serialization.JsonPropertyName("t")] long SignedAt)
{
    public VersionSignature ToSignature() =>
        new(Key, Fingerprint, Convert.FromBase64String(Signature), DateTimeOffset.FromUnixTimeMilliseconds(SignedAt));
}
