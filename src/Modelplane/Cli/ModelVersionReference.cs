using System.Globalization;
using Modelplane.Client;
using Modelplane.Registry.Models;

namespace Modelplane.Cli;

/// <summary>A <c>MODEL</c>, <c>MODEL@VERSION</c> or <c>MODEL@ALIAS</c> argument; without either it means the model's latest.</summary>
internal readonly record struct ModelVersionReference(string Model, int? Version, string? Alias = null)
{
    /// <summary>Parses <c>churn</c>, <c>churn@3</c> or <c>churn@champion</c>.</summary>
    /// <exception cref="UsageException">The text is empty, has an empty model, or names neither a positive version nor a valid alias.</exception>
    public static ModelVersionReference Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new UsageException("A model reference is required: MODEL, MODEL@VERSION or MODEL@ALIAS, e.g. churn@2 or churn@champion.");
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

        if (VersionMetadataRules.ParseVersionNumber(versionText) is { } version)
        {
            return new ModelVersionReference(model, version);
        }

        if (VersionMetadataRules.IsValidAlias(versionText))
        {
            return new ModelVersionReference(model, null, versionText);
        }

        throw new UsageException(
            $"'{text}': '{versionText}' is neither a positive whole number nor an alias. Use MODEL@VERSION or MODEL@ALIAS, e.g. {model}@1 or {model}@champion.");
    }

    /// <summary>The version number: explicit, the one the alias names now, or the model's latest, asked from the server.</summary>
    public async Task<int> ResolveVersionAsync(ModelplaneClient client, CancellationToken ct)
        => Version ?? (Alias is { } alias
            ? (await client.GetVersionAsync(Model, alias, ct)).Version
            : (await client.GetModelAsync(Model, ct)).LatestVersion);

    /// <summary>What to put in <c>/versions/{v}</c>: the alias or number as given, else the latest version's number.</summary>
    public async Task<string> VersionOrAliasAsync(ModelplaneClient client, CancellationToken ct)
        => Alias ?? (await ResolveVersionAsync(client, ct)).ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override string ToString() =>
        Version is { } v ? $"{Model}@{v.ToString(CultureInfo.InvariantCulture)}" : Alias is { } a ? $"{Model}@{a}" : Model;
}
