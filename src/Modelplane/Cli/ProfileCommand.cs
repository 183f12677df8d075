using System.CommandLine;
using System.Globalization;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary>
/// <c>modelplane models profile NAME@VERSION --data FILE</c>: computes a version's reference profile (what drift is
/// measured against) from training data, stores it with the version and prints it; <c>models push --reference-data</c>
/// does the same right after a push.
/// </summary>
internal static class ProfileCommand
{
    private const string About =
        "The data is a CSV with a header row, or a Parquet file: one column per model feature (for a model whose input is one "
        + "[n, d] tensor, exactly d columns named by the header, in the model's order) plus, optionally, the label column. "
        + "Empty cells, NaN and Infinity count as missing. Above 100,000 rows a fixed sample is profiled.";

    /// <summary>Builds <c>models profile</c>.</summary>
    public static Command Build(CliEnvironment env)
    {
        var reference = new Argument<string>("NAME@VERSION") { Description = "The version, by number or alias" };
        var data = new Option<FileInfo>("--data") { Description = "Training data: a .csv with a header row or a .parquet file", HelpName = "FILE", Required = true };
        var label = LabelOption();
        var format = new Option<string?>("--format") { Description = "csv or parquet (default: from the file's extension)", HelpName = "FORMAT" };
        var command = new Command(
            "profile",
            "Compute a version's reference profile from a sample of its training data, store it with the version and print it: per feature "
            + "the missing share, mean, standard deviation, min and max (or the top categories), and the same for the model's outputs on the "
            + "sample. Drift monitoring compares live traffic with this profile; lineage records the data's SHA-256. With --label, the model's "
            + "probabilities are calibrated against the true labels, so quality can be estimated before labels arrive. " + About)
        {
            reference,
            data,
            label,
            format,
        }.WithExamples(
            "modelplane models profile churn@3 --data train.csv --label churned",
            "modelplane models profile churn@champion --data train.parquet",
            "modelplane models profile churn@3 --data train.csv --json");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var target = ModelVersionReference.Parse(parse.GetRequiredValue(reference));
            var profile = await ProfileAsync(
                client, target.Model, await target.VersionOrAliasAsync(client, ct), parse.GetRequiredValue(data), parse.GetValue(format), parse.GetValue(label), ct);
            if (output.Json)
            {
                output.WriteJson(profile, ModelplaneJsonContext.Default.ReferenceProfileDto);
                return ExitCodes.Success;
            }

            Write(output, profile);
            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    /// <summary>The <c>--label</c> option of <c>profile</c> and <c>push --reference-data</c>.</summary>
    public static Option<string?> LabelOption() =>
        new("--label") { Description = "The data's column holding the true label (not a feature); calibrates the model's probabilities", HelpName = "COLUMN" };

    /// <summary>Uploads <paramref name="file"/> as the version's profiling data.</summary>
    /// <exception cref="UsageException">The file does not exist or its format cannot be told.</exception>
    public static async Task<ReferenceProfileDto> ProfileAsync(
        ModelplaneClient client, string model, string version, FileInfo file, string? format, string? label, CancellationToken ct)
    {
        if (!file.Exists)
        {
            throw new UsageException($"File '{file.FullName}' does not exist.");
        }

        format ??= file.Extension.ToLowerInvariant() switch
        {
            ".csv" => "csv",
            ".parquet" or ".pq" => "parquet",
            _ => throw new UsageException($"Cannot tell the format of '{file.Name}' from its extension; add --format csv or --format parquet."),
        };
        var stream = FileDigest.OpenSequential(file.FullName);
        await using (stream)
        {
            return await client.ProfileVersionAsync(model, version, stream, format, label, ct);
        }
    }

    /// <summary>Profiles a version just pushed; a failure says the push itself succeeded and how to retry.</summary>
    public static async Task<ReferenceProfileDto> ProfileAfterPushAsync(
        ModelplaneClient client, ModelVersionDto pushed, FileInfo data, string? label, CancellationToken ct)
    {
        var version = pushed.Version.ToString(CultureInfo.InvariantCulture);
        try
        {
            return await ProfileAsync(client, pushed.Model, version, data, null, label, ct);
        }
        catch (ModelplaneApiException ex)
        {
            throw new ModelplaneApiException(
                ex.Status,
                $"Pushed {pushed.Model}@{version}, but its reference profile was not computed: {ex.Message} "
                + $"Fix the data and run: modelplane models profile {pushed.Model}@{version} --data {data.Name}");
        }
    }

    /// <summary>Prints the profile: a summary line, then a table of features and one of outputs.</summary>
    public static void Write(CliOutput output, ReferenceProfileDto profile)
    {
        var calibrated = profile.Calibrated ? $", calibrated on label '{profile.LabelColumn}'" : "";
        output.Line(string.Create(CultureInfo.InvariantCulture,
            $"Profiled [bold]{profile.Model.EscapeMarkup()}@{profile.Version}[/] on {profile.Rows} rows of {profile.DataFormat} {profile.DataDigest.EscapeMarkup()}{calibrated.EscapeMarkup()}"));
        if (profile.ExpectedAccuracy is { } accuracy)
        {
            output.Line(string.Create(CultureInfo.InvariantCulture, $"  expected accuracy on the sample: {accuracy * 100:0.0} %"));
        }

        output.Console.Write(Table(profile.Features));
        if (profile.Outputs.Count > 0)
        {
            output.Line("Outputs:");
            output.Console.Write(Table(profile.Outputs));
        }
    }

    private static Table Table(IReadOnlyList<ProfileFeatureDto> features)
    {
        var table = CliOutput.Table("Feature", "Kind", "Missing %", "Mean", "Std", "Min", "Max", "Top categories");
        foreach (var f in features)
        {
            table.AddRow(
                f.Name.EscapeMarkup(), f.Kind, (f.MissingRate * 100).ToString("0.##", CultureInfo.InvariantCulture),
                Figure(f.Mean), Figure(f.StdDev), Figure(f.Min), Figure(f.Max),
                f.Categories is { } c ? string.Join(", ", c.Take(3).Select(k => $"{k.Name} ({k.Count})")).EscapeMarkup() : "");
        }

        return table;
    }

    private static string Figure(double? value) => value is { } v ? v.ToString("G4", CultureInfo.InvariantCulture) : "-";

    private static string? Hint(ModelplaneApiException ex) => ex.Status switch
    {
        404 => "Run `modelplane models show MODEL` to see its versions.",
        400 => "The data needs one column per model feature (named by its header) plus the --label column, if any.",
        _ => null,
    };
}
