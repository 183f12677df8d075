using System.Globalization;
using System.Text.Json;
using Modelplane.Registry.Models;

namespace Modelplane.Server.Oip;

/// <summary>
/// The optional JSON body of the repository routes: <c>{"ready": true}</c> for the index, <c>{"parameters": {"version": "2"}}</c>
/// for load and unload. An empty body means no filter and no version.
/// </summary>
internal sealed record RepositoryRequest(bool ReadyOnly, int? Version)
{
    private const int MaxBodyBytes = 64 * 1024;

    /// <summary>Reads the body and merges the version it names with the route's; returns the 400 message instead when either is bad.</summary>
    public static async Task<(RepositoryRequest? Request, string? Error)> ReadAsync(HttpRequest request, string? routeVersion, CancellationToken ct)
    {
        int? version = null;
        if (routeVersion is not null)
        {
            version = VersionMetadataRules.ParseVersionNumber(routeVersion);
            if (version is null)
            {
                return (null, $"Version '{routeVersion}' is not a positive integer; the repository routes load and unload versions by number.");
            }
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct).ConfigureAwait(false);
        if (buffer.Length == 0)
        {
            return (new RepositoryRequest(false, version), null);
        }

        if (buffer.Length > MaxBodyBytes)
        {
            return (null, $"The request body is larger than {MaxBodyBytes} bytes.");
        }

        try
        {
            using var json = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
            return Parse(json.RootElement, version);
        }
        catch (JsonException ex)
        {
            return (null, $"The request body is not valid JSON: {ex.Message}");
        }
    }

    private static (RepositoryRequest? Request, string? Error) Parse(JsonElement root, int? routeVersion)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, "The request body must be a JSON object.");
        }

        var ready = false;
        if (root.TryGetProperty("ready", out var readyValue))
        {
            if (readyValue.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return (null, "'ready' must be true or false.");
            }

            ready = readyValue.GetBoolean();
        }

        if (!root.TryGetProperty("parameters", out var parameters) || parameters.ValueKind == JsonValueKind.Null)
        {
            return (new RepositoryRequest(ready, routeVersion), null);
        }

        if (parameters.ValueKind != JsonValueKind.Object)
        {
            return (null, "'parameters' must be a JSON object.");
        }

        if (!parameters.TryGetProperty("version", out var versionValue))
        {
            return (new RepositoryRequest(ready, routeVersion), null);
        }

        var text = versionValue.ValueKind switch
        {
            JsonValueKind.String => versionValue.GetString(),
            JsonValueKind.Number => versionValue.GetRawText(),
            _ => null,
        };
        if (VersionMetadataRules.ParseVersionNumber(text) is not { } bodyVersion)
        {
            return (null, $"parameters.version '{text ?? versionValue.GetRawText()}' is not a positive integer.");
        }

        return routeVersion is { } fromRoute && fromRoute != bodyVersion
            ? (null, string.Create(CultureInfo.InvariantCulture, $"The route names version {fromRoute} but parameters.version is {bodyVersion}."))
            : (new RepositoryRequest(ready, bodyVersion), null);
    }
}
