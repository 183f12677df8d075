using System.Text;
using Modelplane.Registry.Models;
using Modelplane.Server.Hosting;

namespace Modelplane.Server.Api;

/// <summary>Model cards: Markdown stored with a version, sent and returned as <c>text/markdown</c>.</summary>
internal static class ModelCardApi
{
    internal static async Task<IResult> SetCard(
        string name, string version, HttpRequest request, IModelAliasStore aliases, IVersionMetadataStore metadata, CancellationToken ct)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        if (mediaType is not ("text/markdown" or "text/plain"))
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, $"Content-Type must be text/markdown (was '{request.ContentType}').");
        }

        var markdown = await ReadLimitedAsync(request, ct).ConfigureAwait(false);
        if (markdown is null)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, $"The model card is longer than {VersionMetadataRules.MaxCardLength} characters.");
        }

        if (string.IsNullOrWhiteSpace(markdown))
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, "The model card is empty.");
        }

        var (found, notFound) = await ApiRequests.FindVersionAsync(name, version, aliases, ct).ConfigureAwait(false);
        if (found is null)
        {
            return notFound!;
        }

        await metadata.SetCardAsync(found.Model, found.Version, markdown, ct).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    internal static async Task<IResult> GetCard(string name, string version, IModelAliasStore aliases, IVersionMetadataStore metadata, CancellationToken ct)
    {
        var (found, notFound) = await ApiRequests.FindVersionAsync(name, version, aliases, ct).ConfigureAwait(false);
        if (found is null)
        {
            return notFound!;
        }

        return await metadata.GetCardAsync(found.Model, found.Version, ct).ConfigureAwait(false) is { } card
            ? TypedResults.Text(card, "text/markdown; charset=utf-8")
            : ErrorResults.Error(StatusCodes.Status404NotFound, $"{found.Model}@{found.Version} has no model card.");
    }

    // Reads at most one character past the limit, so an oversized card is refused without buffering all of it.
    private static async Task<string?> ReadLimitedAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[VersionMetadataRules.MaxCardLength + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await reader.ReadAsync(buffer.AsMemory(read), ct).ConfigureAwait(false)) > 0)
        {
            read += n;
        }

        return read > VersionMetadataRules.MaxCardLength ? null : new string(buffer, 0, read);
    }
}
