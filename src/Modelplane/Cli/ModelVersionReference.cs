using System.Globalization;
using Modelplane.Client;

namespace Modelplane.Cli;

/// <summary>A <c>MODEL</c> or <c>MODEL@VERSION</c> argument; without a version it means the model's latest.</summary>
internal readonly record struct ModelVersionReference(string Model, int? Version)
{
    /// <summary>Parses <c>churn</c> or <c>churn@3</c>.</summary>
    /// <exception cref="UsageException">The text is empty, has an empty model, or a version that is not a positive integer.</exception>
    public static ModelVersionReference Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new UsageException("A model reference is required: MODEL or MODEL@VERSION, e.g. churn@2.");
        }

        var at = text.LastIndexOf('@');
        if (at < 0)
        {
            return new ModelVersionReference(text, null);
        }

        var model = text[..at];
        var versionText = text[(at + 1)..];
        if (model.Length == 0)
        {
            throw new UsageException($"'{text}' has no model name before '@'. Use MODEL@VERSION, e.g. churn@2.");
        }

        if (!int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
        {
            throw new UsageException($"'{text}': version '{versionText}' is not a positive whole number. Use MODEL@VERSION, e.g. {model}@1.");
        }

        return new ModelVersionReference(model, version);
    }

    /// <summary>The explicit version, or the model's latest version asked from the server.</summary>
    public async Task<int> ResolveVersionAsync(ModelplaneClient client, CancellationToken ct)
        => Version ?? (await client.GetModelAsync(Model, ct)).LatestVersion;

    /// <inheritdoc />
    public override string ToString() => Version is { } v ? $"{Model}@{v.ToString(CultureInfo.InvariantCulture)}" : Model;
}
