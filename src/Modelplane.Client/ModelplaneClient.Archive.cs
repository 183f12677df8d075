using System.Buffers;
using System.Net.Http.Headers;
using Modelplane.Client.Contracts;
using Modelplane.Client.Http;

namespace Modelplane.Client;

public sealed partial class ModelplaneClient
{
    /// <summary>
    /// Downloads a model with all its versions, metadata, cards and blobs as one archive
    /// (<c>GET /api/v1/models/{name}/export</c>), streaming it into <paramref name="destination"/>.
    /// </summary>
    /// <param name="name">The model.</param>
    /// <param name="destination">Receives the tar (or tar.gz); the caller keeps ownership.</param>
    /// <param name="gzip">Whether the server should gzip the archive.</param>
    /// <param name="progress">Receives the number of bytes received so far.</param>
    /// <param name="ct">Cancels the download.</param>
    /// <returns>The archive's size in bytes.</returns>
    /// <exception cref="HttpIOException">The server aborted the archive midway (for example a stored blob failed its digest check).</exception>
    public async Task<long> ExportModelAsync(string name, Stream destination, bool gzip = false, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/models/{Segment(name)}/export{(gzip ? "?gzip=true" : "")}");
        return await DownloadAsync(request, destination, progress, ct).ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="request"/> and streams the answer's body into <paramref name="destination"/> through one pooled buffer.</summary>
    /// <returns>The number of bytes written.</returns>
    private async Task<long> DownloadAsync(HttpRequestMessage request, Stream destination, IProgress<long>? progress, CancellationToken ct)
    {
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        await EnsureSuccessAsync(response, ct).ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                long total = 0;
                int read;
                while ((read = await body.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                {
                    await destination.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                    total += read;
                    progress?.Report(total);
                }

                return total;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>
    /// Uploads an archive from <see cref="ExportModelAsync"/> (<c>POST /api/v1/models/import</c>); the server verifies every
    /// blob's SHA-256 and registers all versions with their numbers, or nothing.
    /// </summary>
    /// <param name="archive">The tar or tar.gz, streamed from its current position; the caller keeps ownership.</param>
    /// <param name="asName">Register the model under this name instead of the one in the archive.</param>
    /// <param name="progress">Receives the number of bytes sent so far.</param>
    /// <param name="ct">Cancels the upload; nothing is registered then.</param>
    /// <returns>The imported model with its versions, newest first.</returns>
    public async Task<ModelDto> ImportModelAsync(Stream archive, string? asName = null, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var path = string.IsNullOrEmpty(asName) ? "api/v1/models/import" : $"api/v1/models/import?as={Uri.EscapeDataString(asName)}";
        using var content = new StreamContent(new ProgressStream(archive, progress ?? NoProgress.Instance));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        return await SendAsync(request, Json.ModelDto, ct).ConfigureAwait(false);
    }
}
