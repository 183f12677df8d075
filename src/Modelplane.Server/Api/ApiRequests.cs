using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Modelplane.Registry.Models;
using Modelplane.Server.Hosting;

namespace Modelplane.Server.Api;

/// <summary>Pieces every management route shares: reading a JSON body and finding a version by number or alias.</summary>
internal static class ApiRequests
{
    /// <summary>Reads a JSON body, or returns a message naming why it cannot be read.</summary>
    public static async Task<(T? Body, string? Error)> ReadJsonAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken ct)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, "The request body must be JSON (Content-Type: application/json).");
        }

        try
        {
            var body = await JsonSerializer.DeserializeAsync(request.Body, type, ct).ConfigureAwait(false);
            return body is null ? (null, "The request body is empty.") : (body, null);
        }
        catch (JsonException ex)
        {
            return (null, $"The request body is not valid JSON for this operation: {ex.Message}");
        }
    }

    /// <summary>Finds the version named by <paramref name="versionOrAlias"/>, or the 400/404 to answer instead.</summary>
    public static async Task<(ModelVersion? Version, IResult? Error)> FindVersionAsync(
        string name, string versionOrAlias, IModelAliasStore aliases, CancellationToken ct)
    {
        if (VersionMetadataRules.ParseVersionNumber(versionOrAlias) is null && !VersionMetadataRules.IsValidAlias(versionOrAlias))
        {
            return (null, ErrorResults.Error(
                StatusCodes.Status400BadRequest, $"Version '{versionOrAlias}' is neither a positive integer nor a valid alias ({VersionMetadataRules.AliasRule})."));
        }

        return await aliases.ResolveAsync(name, versionOrAlias, ct).ConfigureAwait(false) is { } found
            ? (found, null)
            : (null, VersionNotFound(name, versionOrAlias));
    }

    /// <summary>The 404 for a version or alias that does not exist.</summary>
    public static IResult VersionNotFound(string name, string versionOrAlias) => ErrorResults.Error(
        StatusCodes.Status404NotFound,
        VersionMetadataRules.ParseVersionNumber(versionOrAlias) is not null
            ? $"Model '{name}' has no version {versionOrAlias}."
            : $"Model '{name}' has no alias '{versionOrAlias}'.");
}
