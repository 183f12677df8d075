using System.Formats.Tar;
using System.Text.Json;

namespace Modelplane.Registry.Models.Archive;

/// <summary>The first entry of a model archive (<c>manifest.json</c>): the model and every exported version.</summary>
/// <param name="FormatVersion">The archive format (<see cref="ModelArchiveFormat.Version"/>); import refuses any other.</param>
/// <param name="Model">The model's name where it was exported.</param>
/// <param name="Exporter">The software that wrote the archive, e.g. <c>modelplane 1.0.0</c>.</param>
/// <param name="CreatedAt">When the archive was written.</param>
/// <param name="Versions">The versions, ascending by number.</param>
public sealed record ModelArchiveManifest(
    int FormatVersion,
    string Model,
    string Exporter,
    DateTimeOffset CreatedAt,
    IReadOnlyList<ArchivedVersion> Versions)
{
    /// <summary>The model's own description (not a version's), or null.</summary>
    public string? Description { get; init; }

    /// <summary>The model's own tags (MLflow's registered-model tags); absent in archives from before they existed.</summary>
    public IReadOnlyDictionary<string, string>? ModelTags { get; init; }

    /// <summary>The manifest as it is stored in the archive: indented camelCase JSON, UTF-8.</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, ModelArchiveJsonContext.Default.ModelArchiveManifest);

    /// <summary>Reads the manifest at the start of an archive (tar or tar.gz) without reading the rest of it.</summary>
    /// <exception cref="InvalidDataException">The archive does not start with a readable manifest.</exception>
    public static async Task<ModelArchiveManifest> ReadFromArchiveAsync(Stream archive, CancellationToken ct)
    {
        var tar = await PrefixedStream.OpenTarAsync(archive, ct).ConfigureAwait(false);
        await using (tar.ConfigureAwait(false))
        {
            var reader = new TarReader(tar, leaveOpen: true);
            await using (reader.ConfigureAwait(false))
            {
                var entry = await reader.GetNextEntryAsync(copyData: false, ct).ConfigureAwait(false);
                if (entry is not { Name: ModelArchiveFormat.ManifestEntry, DataStream: { } data } || entry.Length > ModelArchiveFormat.MaxManifestBytes)
                {
                    throw new InvalidDataException($"The archive does not start with {ModelArchiveFormat.ManifestEntry}.");
                }

                try
                {
                    return await JsonSerializer.DeserializeAsync(data, ModelArchiveJsonContext.Default.ModelArchiveManifest, ct).ConfigureAwait(false)
                        ?? throw new InvalidDataException($"{ModelArchiveFormat.ManifestEntry} is empty.");
                }
                catch (JsonException e)
                {
                    throw new InvalidDataException($"{ModelArchiveFormat.ManifestEntry} is not valid: {e.Message}", e);
                }
            }
        }
    }
}

/// <summary>One version as recorded in the manifest: everything the registry knows about it except the bytes and the card text.</summary>
/// <param name="Version">The version number, kept on import so lineage parents and aliases still point right.</param>
/// <param name="Digest">Lower-case hex SHA-256 of the artifact; the blob entry is <c>blobs/sha256/&lt;digest&gt;</c>.</param>
/// <param name="SizeBytes">Artifact size in bytes.</param>
/// <param name="Format">Artifact format (<c>onnx</c>, <c>mlnet</c>); import checks it against the bytes.</param>
/// <param name="Signature">Inputs and outputs; import checks them against the bytes.</param>
/// <param name="Description">Free text, or null.</param>
/// <param name="Tags">User tags.</param>
/// <param name="Metrics">Metrics given at push.</param>
/// <param name="Params">Training parameters.</param>
/// <param name="Lineage">Data, code, run, parents and creator.</param>
/// <param name="Approval">The latest review decision.</param>
/// <param name="HasCard">Whether <c>cards/&lt;version&gt;.md</c> is in the archive.</param>
/// <param name="Aliases">Aliases pointing at this version.</param>
/// <param name="CreatedAt">When the version was first registered; kept on import.</param>
public sealed record ArchivedVersion(
    int Version,
    string Digest,
    long SizeBytes,
    string Format,
    ModelSignature Signature,
    string? Description,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, string> Params,
    VersionLineage Lineage,
    ArchivedApproval Approval,
    bool HasCard,
    IReadOnlyList<string> Aliases,
    DateTimeOffset CreatedAt)
{
    /// <summary>MLflow's lifecycle stage (<see cref="VersionStages"/>); null means None.</summary>
    public string? Stage { get; init; }

    /// <summary>Whether <c>profiles/&lt;version&gt;.json</c>, the version's reference profile, is in the archive; false in archives from before profiles existed.</summary>
    public bool HasProfile { get; init; }

    /// <summary>Where the version was registered from through MLflow (<c>runs:/…</c>), or null when it was pushed.</summary>
    public string? Source { get; init; }

    /// <summary>Builds the manifest record of a registered version.</summary>
    public static ArchivedVersion From(ModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return new ArchivedVersion(
            version.Version, version.Digest, version.SizeBytes, version.Format, version.Signature, version.Description,
            version.Tags, version.Metrics, version.Params, version.Lineage,
            new ArchivedApproval(VersionApproval.Name(version.Approval.Status), version.Approval.By, version.Approval.At, version.Approval.Comment),
            version.HasCard, version.Aliases, version.CreatedAt);
    }
}

/// <summary>A review decision in the manifest.</summary>
/// <param name="Status"><c>pending</c>, <c>approved</c> or <c>rejected</c>.</param>
/// <param name="By">Who decided, or null.</param>
/// <param name="At">When, or null.</param>
/// <param name="Comment">Why, or null.</param>
public sealed record ArchivedApproval(string Status, string? By, DateTimeOffset? At, string? Comment);
