using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Modelplane.Client.Contracts;
using Modelplane.Client.Http;

namespace Modelplane.Client;

public sealed partial class ModelplaneClient
{
    /// <summary>
    /// Computes a version's reference profile from training data and stores it with the version, replacing any earlier
    /// one (<c>PUT /api/v1/models/{name}/versions/{version}/profile</c>).
    /// </summary>
    /// <param name="name">The model.</param>
    /// <param name="version">The version number or alias.</param>
    /// <param name="data">The file's bytes (CSV with a header row, or Parquet), streamed from the current position; the caller keeps ownership.</param>
    /// <param name="format"><c>csv</c> or <c>parquet</c>.</param>
    /// <param name="labelColumn">The column holding the true label, which calibrates the model's probabilities; null for none.</param>
    /// <param name="ct">Cancels the upload.</param>
    public async Task<ReferenceProfileDto> ProfileVersionAsync(
        string name, string version, Stream data, string format, string? labelColumn = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(format);
        var query = new StringBuilder("?format=").Append(Uri.EscapeDataString(format));
        if (!string.IsNullOrEmpty(labelColumn))
        {
            query.Append("&label=").Append(Uri.EscapeDataString(labelColumn));
        }

        using var content = new StreamContent(new ProgressStream(data, NoProgress.Instance));
        content.Headers.ContentType = new MediaTypeHeaderValue(
            string.Equals(format, "parquet", StringComparison.OrdinalIgnoreCase) ? "application/vnd.apache.parquet" : "text/csv");
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{ProfilePath(name, version)}{query}") { Content = content };
        return await SendAsync(request, Json.ReferenceProfileDto, ct).ConfigureAwait(false);
    }

    /// <summary>Gets a version's reference profile (<c>GET /api/v1/models/{name}/versions/{version}/profile</c>); 404 when it has none.</summary>
    public Task<ReferenceProfileDto> GetProfileAsync(string name, string version, CancellationToken ct = default)
        => GetAsync(ProfilePath(name, version), Json.ReferenceProfileDto, ct);

    /// <summary>Gets a version's reference profile by number.</summary>
    public Task<ReferenceProfileDto> GetProfileAsync(string name, int version, CancellationToken ct = default)
        => GetProfileAsync(name, version.ToString(CultureInfo.InvariantCulture), ct);

    private static string ProfilePath(string name, string version) => $"api/v1/models/{Segment(name)}/versions/{Segment(version)}/profile";
}
