using System.CommandLine;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Cli.Drift;

/// <summary><c>modelplane quality ENDPOINT</c>: realised and estimated model quality per closed monitoring window.</summary>
internal static class QualityCommand
{
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;

    /// <summary>Builds <c>quality</c>.</summary>
    public static Command Build(CliEnvironment env)
    {
        var endpoint = new Argument<string>("ENDPOINT") { Description = "An existing endpoint" };
        var version = new Option<int?>("--version") { Description = "Only this version of the endpoint's model", HelpName = "V" };
        var model = new Option<string?>("--model") { Description = "Only versions of this model (an endpoint can route to several)", HelpName = "MODEL" };
        var limit = new Option<int?>("--limit") { Description = "Closed windows per version, newest first (default: the server's)", HelpName = "N" };
        var command = new Command(
            "quality",
            "Show model quality per closed monitoring window: label coverage and delay, realised accuracy, F1, ROC AUC and log loss "
            + "(MAE, RMSE and R² for regressors) from labels posted with `modelplane labels`, the accuracy and F1 estimated from "
            + "calibrated confidence before labels arrive, and which of the two the quality objective uses.")
        {
            endpoint,
            version,
            model,
            limit,
        }.WithExamples(
            "modelplane quality churn",
            "modelplane quality churn --version 3 --limit 24",
            "modelplane quality churn --json");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var count = parse.GetValue(limit);
            if (count is < 1)
            {
                throw new UsageException($"--limit {count} must be at least 1.");
            }

            var quality = await client.GetQualityAsync(parse.GetRequiredValue(endpoint), parse.GetValue(model), parse.GetValue(version), count, ct);
            if (output.Json)
            {
                output.WriteJson(quality, Json.EndpointQualityDto);
            }
            else
            {
                QualityView.Write(output, quality);
            }

            return ExitCodes.Success;
        }, DriftCommand.Hint);
        return command;
    }
}
