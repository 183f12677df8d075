using System.CommandLine;
using Modelplane.Cli.Demo;
using Microsoft.Extensions.Hosting;
using Modelplane.Server.Grpc;
using Modelplane.Server.Hosting;
using Modelplane.Server.Telemetry;

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
        var (urls, dataDir, grpcUrl) = HostOptions();
        var otlp = OtlpOption();
        var command = new Command("server", "Run the Modelplane server (management API, Open Inference Protocol over REST and gRPC, metrics) until Ctrl+C.") { urls, dataDir, grpcUrl, otlp }
            .WithExamples(
                "modelplane server",
                "modelplane server --urls http://0.0.0.0:8080 --grpc-url http://0.0.0.0:8081 --data-dir /var/lib/modelplane",
                "modelplane server --grpc-url \"\"   # no gRPC listener",
                "modelplane server --otlp-endpoint http://127.0.0.1:4317   # also send metrics and traces to a collector");
        command.SetAction(async (parse, ct) =>
        {
            string[] arguments = [.. HostArguments(parse.GetRequiredValue(urls), parse.GetRequiredValue(dataDir), parse.GetValue(grpcUrl)), .. OtlpArguments(parse.GetValue(otlp))];
            await using var app = ModelplaneHost.Build(arguments);
            try
            {
                // WebApplication.RunAsync takes a URL; the IHost extension takes the token that Ctrl+C cancels.
                await HostingAbstractionsHostExtensions.RunAsync(app, ct);
                return ExitCodes.Success;
            }
            catch (IOException ex)
            {
                new CliOutput(env, json: false).Error($"The server could not start: {ex.Message}", "Another process may use that port; pass --urls http://127.0.0.1:PORT (or --grpc-url for the gRPC port).");
                return ExitCodes.ApiError;
            }
        });
        return command;
    }

    /// <summary>Builds <c>demo</c>.</summary>
    public static Command BuildDemo(CliEnvironment env)
    {
        var (urls, dataDir, grpcUrl) = HostOptions();
        var samples = new Option<DirectoryInfo>("--samples")
        {
            Description = "Folder with the bundled *.onnx models and their .model.json / .samples.json files",
            HelpName = "DIR",
            DefaultValueFactory = _ => new DirectoryInfo(DemoRunner.BundledSamplesDirectory),
        };
        var command = new Command("demo", "Start a server with the bundled sample models registered and served, and print a curl command to try; re-runs reuse what is registered.") { urls, dataDir, grpcUrl, samples }
            .WithExamples(
                "modelplane demo --data-dir ./demo-data");
        command.SetAction((parse, ct) => new DemoRunner(env).RunAsync(
            DemoHostArguments(parse.GetRequiredValue(urls), parse.GetRequiredValue(dataDir), parse.GetValue(grpcUrl)),
            parse.GetRequiredValue(samples).FullName,
            ct));
        return command;
    }

    /// <summary>The configuration arguments <see cref="ModelplaneHost.Build"/> reads: <c>Urls</c>, <c>Modelplane:DataDirectory</c>
    /// and, when given, <c>Modelplane:Grpc:Url</c> (empty disables gRPC).</summary>
    internal static string[] HostArguments(string urls, string dataDirectory, string? grpcUrl = null)
        => grpcUrl is null
            ? [$"--urls={urls}", $"--Modelplane:DataDirectory={Path.GetFullPath(dataDirectory)}"]
            : [$"--urls={urls}", $"--Modelplane:DataDirectory={Path.GetFullPath(dataDirectory)}", $"--Modelplane:Grpc:Url={grpcUrl}"];

    /// <summary>As <see cref="HostArguments"/>, with request logging turned down so the demo's own summary stays readable.</summary>
    internal static string[] DemoHostArguments(string urls, string dataDirectory, string? grpcUrl = null)
        => [.. HostArguments(urls, dataDirectory, grpcUrl), "--Logging:LogLevel:Default=Warning"];

    /// <summary>The configuration arguments that send metrics and traces over OTLP; none without an endpoint.</summary>
    internal static string[] OtlpArguments(Uri? endpoint) =>
        endpoint is null ? [] : [$"--{TelemetryOptions.Section}:{nameof(TelemetryOptions.OtlpEndpoint)}={endpoint}"];

    private static Option<Uri> OtlpOption() => new("--otlp-endpoint")
    {
        Description = "OpenTelemetry collector to send metrics and traces to (gRPC; for OTLP over HTTP set Modelplane__Telemetry__OtlpProtocol=http/protobuf); /metrics is served either way",
        HelpName = "URL",
        CustomParser = r => Uri.TryCreate(r.Tokens[0].Value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : Fail(r, $"--otlp-endpoint '{r.Tokens[0].Value}' is not an http(s) URL, e.g. http://127.0.0.1:4317."),
    };

    private static Uri? Fail(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return null;
    }

    private static (Option<string> Urls, Option<string> DataDir, Option<string> GrpcUrl) HostOptions() => (
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
        },
        new Option<string>("--grpc-url")
        {
            Description = "HTTP/2 address of the Open Inference Protocol's gRPC service; \"\" turns it off",
            HelpName = "URL",
            DefaultValueFactory = _ => GrpcOptions.DefaultUrl,
        });
}
