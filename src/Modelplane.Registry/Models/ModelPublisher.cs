using Microsoft.Extensions.Options;
using Modelplane.Registry.Artifacts;
using Modelplane.Registry.Formats;
using Modelplane.Registry.Onnx;

namespace Modelplane.Registry.Models;

/// <summary>
/// Registers a new model version from an upload: stage and hash the bytes, check them, make the blob durable,
/// and only then write the version row, so an acknowledged version always has its artifact and a failed push
/// leaves nothing behind.
/// </summary>
public sealed partial class ModelPublisher
{
    private const string Sha256Prefix = "sha256:";

    private readonly IArtifactStore _artifacts;
    private readonly IModelInspector _inspector;
    private readonly IModelStore _models;
    private readonly long _maxUploadBytes;

    /// <summary>Creates a publisher over the given stores.</summary>
    public ModelPublisher(IArtifactStore artifacts, IModelInspector inspector, IModelStore models, IOptions<RegistryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _artifacts = artifacts;
        _inspector = inspector;
        _models = models;
        _maxUploadBytes = options.Value.MaxUploadBytes;
    }

    /// <summary>Pushes <paramref name="content"/> as the next version of <paramref name="model"/>.</summary>
    /// <returns>The registered version, numbered one above the model's highest.</returns>
    /// <exception cref="RegistryValidationException">
    /// The name, metadata, lineage or digest is invalid, a parent version does not exist, or the upload is empty.
    /// </exception>
    /// <exception cref="ArtifactTooLargeException">The upload exceeds <see cref="RegistryOptions.MaxUploadBytes"/>.</exception>
    /// <exception cref="InvalidModelException">The bytes are not a servable model.</exception>
    /// <exception cref="IOException">The disk failed or is full; nothing was registered.</exception>
    public async Task<ModelVersion> PushAsync(string model, Stream content, PushMetadata metadata, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(metadata);
        if (!ResourceNames.IsValid(model))
        {
            throw new RegistryValidationException($"'{model}' is not a valid model name: {ResourceNames.Rule}.");
        }

        var expected = NormalizeExpectedDigest(metadata.ExpectedSha256);
        var parameters = ValidateParams(metadata.Params);
        var lineage = NormalizeLineage(metadata.Lineage);
        await CheckParentsExistAsync(model, lineage.Parents, ct);
        var tags = metadata.Tags ?? new Dictionary<string, string>();
        var metrics = metadata.Metrics ?? new Dictionary<string, double>();
        foreach (var (name, value) in metrics)
        {
            if (!double.IsFinite(value))
            {
                throw new RegistryValidationException($"Metric '{name}' must be a finite number.");
            }
        }

        await using var staged = await _artifacts.StageAsync(content, _maxUploadBytes, ct);
        if (staged.SizeBytes == 0)
        {
            throw new RegistryValidationException("The upload is empty.");
        }

        if (expected is not null && expected != staged.Digest)
        {
            throw new RegistryValidationException(
                $"The upload's SHA-256 is {staged.Digest}, but the client expected {expected}.");
        }

        InspectedModel inspected;
        await using (var bytes = staged.OpenRead())
        {
            inspected = _inspector.Inspect(bytes);
        }

        await staged.CommitAsync(ct);
        return await _models.CreateVersionAsync(
            new NewModelVersion(model, staged.Digest, staged.SizeBytes, inspected.Format, inspected.Signature, metadata.Description, tags, metrics)
            {
                Params = parameters,
                Lineage = lineage,
                Author = metadata.Author,
                Signatures = metadata.Signatures,
            },
            ct);
    }

    private static string? NormalizeExpectedDigest(string? expected) =>
        NormalizeSha256(expected, "The expected SHA-256 must be 64 hexadecimal characters.");

    private static string? NormalizeSha256(string? text, string error)
    {
        if (text is null)
        {
            return null;
        }

        var digest = text.StartsWith(Sha256Prefix, StringComparison.OrdinalIgnoreCase)
            ? text[Sha256Prefix.Length..]
            : text;
        digest = digest.ToLowerInvariant();
        return ArtifactDigests.IsValid(digest) ? digest : throw new RegistryValidationException(error);
    }
}
