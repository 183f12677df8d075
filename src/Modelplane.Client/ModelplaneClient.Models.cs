using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Modelplane.Client.Contracts;
using Modelplane.Client.Http;

namespace Modelplane.Client;

public sealed partial class ModelplaneClient
{
    /// <summary>Uploads an ONNX artifact as the next version of model <paramref name="name"/> (<c>POST /api/v1/models/{name}/versions</c>).</summary>
    /// <param name="name">The model name; the model is created on its first version.</param>
    /// <param name="artifact">The artifact bytes, streamed from the current position to the end and never buffered whole; the caller keeps ownership.</param>
    /// <param name="options">Description, tags, metrics and an optional SHA-256 for the server to verify.</param>
    /// <param name="progress">Receives the number of bytes sent so far.</param>
    /// <param name="ct">Cancels the upload.</param>
    /// <returns>The new version as the server registered it.</returns>
    public async Task<ModelVersionDto> PushModelAsync(string name, Stream artifact, PushOptions? options = null, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var path = $"api/v1/models/{Segment(name)}/versions{PushQuery(options ?? new PushOptions())}";

        // The wrapper also keeps the caller's stream open: StreamContent disposes the stream it is given.
        using var content = new StreamContent(new ProgressStream(artifact, progress ?? NoProgress.Instance));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        return await SendAsync(request, Json.ModelVersionDto, ct).ConfigureAwait(false);
    }

    /// <summary>Lists every model with its latest version (<c>GET /api/v1/models</c>).</summary>
    public Task<IReadOnlyList<ModelSummaryDto>> ListModelsAsync(CancellationToken ct = default)
        => GetAsync("api/v1/models", Json.IReadOnlyListModelSummaryDto, ct);

    /// <summary>Gets a model with all its versions, newest first (<c>GET /api/v1/models/{name}</c>).</summary>
    public Task<ModelDto> GetModelAsync(string name, CancellationToken ct = default)
        => GetAsync($"api/v1/models/{Segment(name)}", Json.ModelDto, ct);

    /// <summary>Gets one version of a model (<c>GET /api/v1/models/{name}/versions/{version}</c>).</summary>
    public Task<ModelVersionDto> GetVersionAsync(string name, int version, CancellationToken ct = default)
        => GetAsync($"api/v1/models/{Segment(name)}/versions/{version.ToString(CultureInfo.InvariantCulture)}", Json.ModelVersionDto, ct);

    private static string PushQuery(PushOptions options)
    {
        var query = new StringBuilder();
        void Add(string key, string value) => query.Append(query.Length == 0 ? '?' : '&').Append(key).Append('=').Append(Uri.EscapeDataString(value));

        if (!string.IsNullOrEmpty(options.Description))
        {
            Add("description", options.Description);
        }

        foreach (var (key, value) in options.Tags)
        {
            Add("tag", $"{key}={value}");
        }

        foreach (var (key, value) in options.Metrics)
        {
            Add("metric", $"{key}={value.ToString("R", CultureInfo.InvariantCulture)}");
        }

        if (!string.IsNullOrEmpty(options.Sha256))
        {
            Add("sha256", options.Sha256);
        }

        foreach (var (key, value) in options.Params)
        {
            Add("param", $"{key}={value}");
        }

        foreach (var (key, value) in new[]
        {
            ("dataset_uri", options.DatasetUri), ("dataset_sha256", options.DatasetSha256), ("code_repo", options.CodeRepository),
            ("code_commit", options.CodeCommit), ("run_id", options.RunId), ("created_by", options.CreatedBy),
            ("signature_key", options.SignatureKey), ("signature", options.Signature),
        })
        {
            if (!string.IsNullOrEmpty(value))
            {
                Add(key, value);
            }
        }

        foreach (var parent in options.Parents)
        {
            Add("parent", parent.ToString(CultureInfo.InvariantCulture));
        }

        return query.ToString();
    }

    private sealed class NoProgress : IProgress<long>
    {
        public static readonly NoProgress Instance = new();

        public void Report(long value)
        {
        }
    }
}
