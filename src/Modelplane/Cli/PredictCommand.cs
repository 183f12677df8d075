using System.CommandLine;
using System.Text.Json;
using Modelplane.Cli.Predict;
using Modelplane.Client;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary><c>modelplane predict ENDPOINT --input FILE|-</c>: run an inference through an endpoint.</summary>
internal static class PredictCommand
{
    /// <summary>Builds the <c>predict</c> command.</summary>
    public static Command Build(CliEnvironment env)
    {
        var endpoint = new Argument<string>("ENDPOINT") { Description = "The endpoint (or model) to call" };
        var input = new Option<string>("--input", "-i")
        {
            Description = "JSON file holding an OIP request {\"inputs\":[...]} (sent as is) or rows [[f1,...,fn],...], one row [f1,...,fn] or {\"rows\":...} (sent as the model's single input, typed from its metadata); '-' reads standard input",
            HelpName = "FILE|-",
            Required = true,
        };
        var command = new Command("predict", "Send rows or an Open Inference Protocol request to an endpoint and print the outputs, one table row per input row.") { endpoint, input }
            .WithExamples(
                "modelplane predict churn --input rows.json",
                "echo '[[5.1, 3.5, 1.4, 0.2]]' | modelplane predict iris --input -",
                "modelplane predict churn --input request.json --json");

        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var name = parse.GetRequiredValue(endpoint);
            var request = await BuildRequestAsync(client, name, ReadInput(env, parse.GetRequiredValue(input)), ct);
            var response = await client.InferAsync(name, request, ct);
            if (output.Json)
            {
                output.WriteJson(response);
            }
            else
            {
                output.Console.Write(PredictionTable.Build(response));
            }

            return ExitCodes.Success;
        }, ex => ex.Status switch
        {
            404 => "Run `modelplane endpoints list` to see endpoints.",
            400 or 422 => "Check the input against the model's signature: `modelplane models show MODEL`.",
            _ => null,
        });
        return command;
    }

    /// <summary>The OIP request to send: the input itself when it is one, else rows converted with the endpoint's metadata.</summary>
    internal static async Task<JsonElement> BuildRequestAsync(ModelplaneClient client, string endpoint, JsonElement input, CancellationToken ct)
    {
        if (OipRequestBuilder.IsOipRequest(input))
        {
            return input;
        }

        var rows = OipRequestBuilder.ReadRows(input);
        var metadata = await client.GetModelMetadataAsync(endpoint, ct);
        return OipRequestBuilder.ToJson(OipRequestBuilder.FromRows(rows, metadata));
    }

    private static JsonElement ReadInput(CliEnvironment env, string path)
    {
        string text;
        if (path == "-")
        {
            text = env.In.ReadToEnd();
        }
        else if (File.Exists(path))
        {
            text = File.ReadAllText(path);
        }
        else
        {
            throw new UsageException($"Input file '{path}' does not exist.");
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new UsageException($"{(path == "-" ? "Standard input" : $"'{path}'")} is not valid JSON: {ex.Message}");
        }
    }
}
