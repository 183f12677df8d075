using Modelplane.Client.Contracts;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary>The rows of <c>models show</c> for aliases, approval, params, lineage and the card.</summary>
internal static class VersionMetadataView
{
    /// <summary>Adds one row per fact; absent facts show as "-".</summary>
    public static void AddRows(Grid facts, ModelVersionDto version)
    {
        facts.AddRow("[bold]Aliases[/]", version.Aliases.Count == 0 ? "-" : string.Join(", ", version.Aliases).EscapeMarkup());
        facts.AddRow("[bold]Pushed by[/]", (version.CreatedBy ?? "-").EscapeMarkup());
        facts.AddRow("[bold]Approval[/]", Approval(version.Approval).EscapeMarkup());
        facts.AddRow("[bold]Params[/]", version.Params.Count == 0 ? "-" : string.Join(", ", version.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")).EscapeMarkup());
        if (version.Lineage is { } lineage)
        {
            facts.AddRow("[bold]Created by (stated)[/]", (lineage.CreatedBy ?? "-").EscapeMarkup());
            facts.AddRow("[bold]Dataset[/]", Dataset(lineage).EscapeMarkup());
            facts.AddRow("[bold]Code[/]", (lineage.CodeRepository is null && lineage.CodeCommit is null ? "-" : $"{lineage.CodeRepository ?? "?"}@{lineage.CodeCommit ?? "?"}").EscapeMarkup());
            facts.AddRow("[bold]Run[/]", (lineage.RunId ?? "-").EscapeMarkup());
            facts.AddRow("[bold]Parents[/]", lineage.Parents.Count == 0 ? "-" : string.Join(", ", lineage.Parents.Select(p => $"{version.Model}@{p}")).EscapeMarkup());
        }

        facts.AddRow("[bold]Model card[/]", version.HasCard ? $"yes (modelplane models card show {version.Model}@{version.Version})".EscapeMarkup() : "-");
    }

    private static string Approval(ApprovalDto? approval) => approval switch
    {
        null => "-",
        { Status: "pending" } => "pending",
        _ => $"{approval.Status} by {approval.By ?? "?"}{(approval.At is { } at ? $" at {CliOutput.Time(at)}" : "")}{(approval.Comment is { } c ? $": {c}" : "")}",
    };

    private static string Dataset(LineageDto lineage) => (lineage.DatasetUri, lineage.DatasetSha256) switch
    {
        (null, null) => "-",
        ({ } uri, null) => uri,
        (null, { } sha) => $"sha256:{sha}",
        ({ } uri, { } sha) => $"{uri} (sha256:{sha})",
    };
}
