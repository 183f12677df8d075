using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Modelplane.Client.Contracts;

namespace Modelplane.Client;

/// <summary>Typed client for a Modelplane server: the management API under <c>/api/v1</c> and the Open Inference Protocol under <c>/v2</c>.</summary>
/// <remarks>
/// Every method throws <see cref="ModelplaneApiException"/> when the server answers with an error status, and lets
/// <see cref="HttpRequestException"/> through when the server cannot be reached.
/// </remarks>
public sealed partial class ModelplaneClient : IDisposable
{
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>Creates a client over an existing <see cref="HttpClient"/> whose <see cref="HttpClient.BaseAddress"/> is the server's root URL.</summary>
    /// <remarks>The caller keeps ownership of <paramref name="httpClient"/>.</remarks>
    public ModelplaneClient(HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        if (httpClient.BaseAddress is null)
        {
            throw new ArgumentException("The HttpClient needs a BaseAddress (the server's root URL).", nameof(httpClient));
        }

        _http = httpClient;
    }

    /// <summary>Creates a client that owns its own <see cref="HttpClient"/> for the server at <paramref name="baseAddress"/>.</summary>
    /// <param name="baseAddress">The server's root URL, e.g. <c>http://127.0.0.1:8080</c>.</param>
    /// <param name="handler">An optional message handler (tests pass a fake one); the client disposes it.</param>
    public ModelplaneClient(Uri baseAddress, HttpMessageHandler? handler = null)
        : this(CreateHttpClient(baseAddress, handler))
    {
        _ownsHttp = true;
    }

    /// <summary>The server's root URL.</summary>
    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>The header that selects a workspace explicitly (a token acts in its own workspace without it).</summary>
    public const string WorkspaceHeader = "X-Modelplane-Workspace";

    /// <summary>Sends <paramref name="token"/> as <c>Authorization: Bearer</c> on every request (null sends none).</summary>
    public void UseToken(string? token) =>
        _http.DefaultRequestHeaders.Authorization = string.IsNullOrWhiteSpace(token) ? null : new AuthenticationHeaderValue("Bearer", token.Trim());

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static HttpClient CreateHttpClient(Uri baseAddress, HttpMessageHandler? handler)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: true);

        // Relative request paths resolve against the last '/', so a base like http://host/prefix needs one to keep its prefix.
        http.BaseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");

        // Uploads of large models and the first inference after a load can be slow; cancellation is the caller's job.
        http.Timeout = Timeout.InfiniteTimeSpan;
        return http;
    }

    private static string Segment(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        return Uri.EscapeDataString(value);
    }

    private async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(request, type, ct).ConfigureAwait(false);
    }

    private async Task<T> SendJsonAsync<TBody, T>(HttpMethod method, string path, TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<T> type, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path)
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, bodyType)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await SendAsync(request, type, ct).ConfigureAwait(false);
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> type, CancellationToken ct)
    {
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        await EnsureSuccessAsync(response, ct).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, type, ct).ConfigureAwait(false)
                ?? throw new ModelplaneApiException((int)response.StatusCode, $"The server returned an empty body for {request.RequestUri}.");
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        throw new ModelplaneApiException((int)response.StatusCode, ErrorMessage(response, body));
    }

    private static string ErrorMessage(HttpResponseMessage response, string body)
    {
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                if (JsonSerializer.Deserialize(body, Json.ErrorDto) is { Error: { Length: > 0 } error })
                {
                    return error;
                }
            }
            catch (JsonException)
            {
                // Not our error shape (a proxy's HTML page, plain text): show the text itself.
            }

            return body.Length > 500 ? body[..500] : body;
        }

        return $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
    }
}
