using Modelplane.Client.Contracts;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary>The human-readable views of <c>models show</c>.</summary>
internal static class ModelViews
{
    /// <summary>A model: its latest version in detail, then every version in one table.</summary>
    public static void WriteModel(CliOutput output, ModelDto model)
    {
        var latest = model.Versions.FirstOrDefault(v => v.Version == model.LatestVersion) ?? (model.Versions.Count > 0 ? model.Versions[0] : null);
        if (latest is not null)
        {
            WriteVersion(output, latest);
        }

        var table = CliOutput.Table("Version", "Digest", "Size", "Created", "Description");
        foreach (var v in model.Versions)
        {
            table.AddRow($"{v.Version}", v.Digest.EscapeMarkup(), CliOutput.Size(v.SizeBytes), CliOutput.Time(v.CreatedAt), (v.Description ?? "").EscapeMarkup());
        }

        output.Console.Write(table.Title($"Versions of {model.Name.EscapeMarkup()}"));
    }

    /// <summary>One version: facts, signature, metrics and tags.</summary>
    public static void WriteVersion(CliOutput output, ModelVersionDto version)
    {
        var facts = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        facts.AddRow("[bold]Model[/]", $"{version.Model.EscapeMarkup()}@{version.Version}");
        facts.AddRow("[bold]Digest[/]", version.Digest.EscapeMarkup());
        facts.AddRow("[bold]Size[/]", $"{CliOutput.Size(version.SizeBytes)} ({version.SizeBytes} bytes)");
        facts.AddRow("[bold]Format[/]", version.Format.EscapeMarkup());
        facts.AddRow("[bold]Created[/]", CliOutput.Time(version.CreatedAt));
        facts.AddRow("[bold]Description[/]", (version.Description ?? "-").EscapeMarkup());
        facts.AddRow("[bold]Tags[/]", version.Tags.Count == 0 ? "-" : string.Join(", ", version.Tags.Select(t => $"{t.Key}={t.Value}")).EscapeMarkup());
        VersionMetadataView.AddRows(facts, version);
        facts.AddRow("[bold]Signed by[/]", version.Signatures.Count == 0
            ? "-"
            : string.Join(", ", version.Signatures.Select(s => $"{s.Key} ({s.Fingerprint}, {CliOutput.Time(s.SignedAt)})")).EscapeMarkup());
        output.Console.Write(facts);

        var signature = CliOutput.Table("Kind", "Name", "Datatype", "Shape");
        foreach (var input in version.Signature.Inputs)
        {
            signature.AddRow("input", input.Name.EscapeMarkup(), input.Datatype.EscapeMarkup(), CliOutput.Shape(input.Shape).EscapeMarkup());
        }

        foreach (var o in version.Signature.Outputs)
        {
            signature.AddRow("output", o.Name.EscapeMarkup(), o.Datatype.EscapeMarkup(), CliOutput.Shape(o.Shape).EscapeMarkup());
        }

        output.Console.Write(signature.Title("Signature"));

        if (version.Metrics.Count > 0)
        {
            var metrics = CliOutput.Table("Metric", "Value");
            foreach (var (key, value) in version.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                metrics.AddRow(key.EscapeMarkup(), CliOutput.Number(value));
            }

            output.Console.Write(metrics.Title("Metrics"));
        }
    }
}
