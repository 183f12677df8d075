using System.CommandLine;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Cli.Drift;

/// <summary>
/// <c>modelplane drift ENDPOINT</c>: each version's latest closed live window compared with its reference profile, every
/// feature ranked by drift with its statistics, and reference-vs-live histograms of the top features.
/// </summary>
internal static class DriftCommand
{
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;

    /// <summary>Builds <c>drift</c>.</summary>
    public static Command Build(CliEnvironment env)
    {
        var endpoint = new Argument<string>("ENDPOINT") { Description = "An existing endpoint" };
        var version = new Option<int?>("--version") { Description = "Only this version of the endpoint's model", HelpName = "V" };
        var model = new Option<string?>("--model") { Description = "Only versions of this model (an endpoint can route to several)", HelpName = "MODEL" };
        var window = new Option<long?>("--window") { Description = "Show this closed window (its id from the window list) instead of the latest", HelpName = "ID" };
        var limit = new Option<int?>("--limit") { Description = "Closed windows per version to fetch; beyond the latest they are listed in brief (default: the server's)", HelpName = "N" };
        var command = new Command(
            "drift",
            "Show how live traffic drifts from each version's reference profile: for the latest closed window (or --window ID), every "
            + "feature and output ranked by drift with PSI, Kolmogorov-Smirnov (p), Wasserstein, Jensen-Shannon, chi-square (p) and the "
            + "change in missing values, then histograms of reference vs live for the top 3 features.")
        {
            endpoint,
            version,
            model,
            window,
            limit,
        }.WithExamples(
            "modelplane drift churn",
            "modelplane drift churn --version 3 --limit 10",
            "modelplane drift churn --window 42",
            "modelplane drift churn --json");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var name = parse.GetRequiredValue(endpoint);
            var count = parse.GetValue(limit);
            if (count is < 1)
            {
                throw new UsageException($"--limit {count} must be at least 1.");
            }

            if (parse.GetValue(window) is { } id)
            {
                if (id < 1)
                {
                    throw new UsageException($"--window {id} is not a window id; ids are positive (see `modelplane drift {name}`).");
                }

                var one = await client.GetDriftWindowAsync(name, id, ct);
                if (output.Json)
                {
                    output.WriteJson(one, Json.DriftWindowDto);
                }
                else
                {
                    DriftView.WriteWindow(output, name, one, version: null);
                }

                return ExitCodes.Success;
            }

            var drift = await client.GetDriftAsync(name, parse.GetValue(model), parse.GetValue(version), count, ct);
            if (output.Json)
            {
                output.WriteJson(drift, Json.EndpointDriftDto);
            }
            else
            {
                DriftView.Write(output, drift);
            }

            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    /// <summary>What to suggest when the server refuses a drift or quality query.</summary>
    internal static string? Hint(ModelplaneApiException ex) => ex.Status switch
    {
        404 => "Run `modelplane endpoints list` to see endpoints, and `modelplane drift ENDPOINT` for its windows.",
        _ => null,
    };
}
