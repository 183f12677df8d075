using System.CommandLine;
using Modelplane.Cli.Demo;
using Microsoft.Extensions.Hosting;
using Modelplane.Server.Hosting;

namespace Modelplane.Cli;

/// <summary><c>modelplane server</c> and <c>modelplane demo</c>: run the server in this process.</summary>
internal static class ServerCommands
{
    /// <summary>Where the server listens unless <c>--urls</c> says otherwise: loopback only.</summary>
    public const string DefaultUrls = "http://127.0.0.1:8080";

    /// <summary>Where the server keeps its database and artifacts unless <c>--data-dir</c> says otherwise.</summary>
    public const string DefaultDataDirectory = "modelplane-data";

    /// <summary>Builds <c>server</c>.</summary>
    public static Command BuildServer(CliEnvironment env)
    {
        var (urls, dataDir) = HostOptions();
        var command = new Command("server", "Run the Modelplane server (management API, Open Inference Protocol, metrics) until Ctrl+C.") { urls, dataDir }
            .WithExamples(
                "modelplane server",
                "modelplane server --urls http://0.0.0.0:8080 --data-dir /var/lib/modelplane");
        command.SetAction(async (parse, ct) =>
        {
            await using var app = ModelplaneHost.Build(HostArguments(parse.GetRequiredValue(urls), parse.GetRequiredValue(dataDir)));
            try
            {
                // WebApplication.RunAsync takes a URL; the IHost extension takes the token that Ctrl+C cancels.
                await HostingAbstractionsHostExtensions.RunAsync(app, ct);
                return ExitCodes.Success;
            }
            catch (IOException ex)
            {
                new CliOutput(env, json: false).Error($"The server could not start: {ex.Message}", "Another process may use that port; pass --urls http://127.0.0.1:PORT.");
                return ExitCodes.ApiError;
            }
        });
        return command;
    }

    /// <summary>Builds <c>demo</c>.</summary>
    public static Command BuildDemo(CliEnvironment env)
    {
        var (urls, dataDir) = HostOptions();
        var samples = new Option<DirectoryInfo>("--samples")
        {
            Description = "Folder with the bundled *.onnx models and their .model.json / .samples.json files",
            HelpName = "DIR",
            DefaultValueFactory = _ => new DirectoryInfo(DemoRunner.BundledSamplesDirectory),
        };
        var command = new Command("demo", "Start a server with the bundled sample models registered and served, and print a curl command to try; re-runs reuse what is registered.") { urls, dataDir, samples }
            .WithExamples(
                "modelplane demo --data-dir ./demo-data");
        command.SetAction((parse, ct) => new DemoRunner(env).RunAsync(
            DemoHostArguments(parse.GetRequiredValue(urls), parse.GetRequiredValue(dataDir)),
            parse.GetRequiredValue(samples).FullName,
            ct));
        return command;
    }

    /// <summary>The configuration arguments <see cref="ModelplaneHost.Build"/> reads: <c>Urls</c> and <c>Modelplane:DataDirectory</c>.</summary>
    internal static string[] HostArguments(string urls, string dataDirectory)
        => [$"--urls={urls}", $"--Modelplane:DataDirectory={Path.GetFullPath(dataDirectory)}"];

    /// <summary>As <see cref="HostArguments"/>, with request logging turned down so the demo's own summary stays readable.</summary>
    internal static string[] DemoHostArguments(string urls, string dataDirectory)
        => [.. HostArguments(urls, dataDirectory), "--Logging:LogLevel:Default=Warning"];

    private static (Option<string> Urls, Option<string> DataDir) HostOptions() => (
        new Option<string>("--urls")
        {
            Description = "Address(es) to listen on, separated by ';'",
            HelpName = "URL",
            DefaultValueFactory = _ => DefaultUrls,
        },
        new Option<string>("--data-dir")
        {
            Description = "Folder for the database and model artifacts",
            HelpName = "DIR",
            DefaultValueFactory = _ => DefaultDataDirectory,
        });
}
