using Microsoft.Extensions.DependencyInjection;
using Modelplane.Governance.Storage;
using Modelplane.Server.Hosting;
using Spectre.Console;

namespace Modelplane.Cli.Demo;

/// <summary>Runs <c>modelplane demo</c>: starts the server in-process, seeds it through its own HTTP API, prints how to call it, and waits for Ctrl+C.</summary>
internal sealed class DemoRunner(CliEnvironment env)
{
    /// <summary>The samples folder copied next to the executable.</summary>
    public static string BundledSamplesDirectory => Path.Combine(AppContext.BaseDirectory, "samples", "models");

    /// <summary>Starts the server with <paramref name="hostArguments"/>, seeds the models found in <paramref name="samplesDirectory"/>, and runs until <paramref name="ct"/> is cancelled.</summary>
    public async Task<int> RunAsync(string[] hostArguments, string samplesDirectory, CancellationToken ct)
    {
        var output = new CliOutput(env, json: false);
        await using var app = ModelplaneHost.Build(hostArguments);
        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException ex)
        {
            output.Error($"The server could not start: {ex.Message}", "Another process may use that port; pass --urls http://127.0.0.1:PORT.");
            return ExitCodes.ApiError;
        }

        var baseUrl = LocalUrl(app.Urls.FirstOrDefault() ?? ServerCommands.DefaultUrls);
        output.Line($"Modelplane is listening on [bold]{baseUrl.AbsoluteUri.TrimEnd('/').EscapeMarkup()}[/]");

        var models = DemoModelFiles.Discover(samplesDirectory, warning => output.Line($"[yellow]{warning.EscapeMarkup()}[/]"));
        if (models.Count == 0)
        {
            output.Line($"[yellow]No bundled models in {samplesDirectory.EscapeMarkup()}; the server runs empty.[/]");
        }

        var results = new List<DemoResult>();
        var tokenFile = Path.Combine(app.Services.GetRequiredService<ControlDatabase>().DataDirectory, "admin-token");
        using (var client = env.CreateClient(baseUrl))
        {
            client.UseToken(File.Exists(tokenFile) ? await File.ReadAllTextAsync(tokenFile, ct) : null);
            var seeder = new DemoSeeder(client);
            foreach (var model in models)
            {
                try
                {
                    results.Add(await seeder.SeedAsync(model, ct));
                }
                catch (Exception ex) when (ex is Client.ModelplaneApiException or HttpRequestException or UsageException)
                {
                    // One broken sample should not keep the others from being served.
                    output.Error($"Could not set up '{model.Name}': {ex.Message}", hint: null);
                }
            }
        }

        WriteSummary(output, baseUrl, results, tokenFile);
        output.Line("Press [bold]Ctrl+C[/] to stop.");
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C is how the demo ends.
        }

        await app.StopAsync(CancellationToken.None);
        return ExitCodes.Success;
    }

    /// <summary>The URL a local client uses to reach an address the server listens on (wildcard hosts become loopback).</summary>
    internal static Uri LocalUrl(string listenUrl)
    {
        var first = listenUrl.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        var builder = new UriBuilder(first.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (builder.Host is "0.0.0.0" or "[::]" or "::")
        {
            builder.Host = "127.0.0.1";
        }

        builder.Path = "/";
        return builder.Uri;
    }

    private static void WriteSummary(CliOutput output, Uri baseUrl, List<DemoResult> results, string tokenFile)
    {
        if (results.Count == 0)
        {
            return;
        }

        var table = CliOutput.Table("Model", "Version", "Endpoint", "Serves", "Status");
        foreach (var r in results)
        {
            table.AddRow(
                r.Model.EscapeMarkup(),
                $"{r.Version}",
                r.Endpoint.Name.EscapeMarkup(),
                $"{r.Endpoint.Model.EscapeMarkup()}@{r.Endpoint.Version}",
                r.Pushed ? "registered now" : "already registered");
        }

        output.Console.Write(table);
        foreach (var r in results)
        {
            output.Line($"Predict with [bold]{r.Endpoint.Name.EscapeMarkup()}[/]:");
            output.Raw(CurlExample.Build(baseUrl, r.Endpoint.Name, r.ExampleRequestJson, tokenFile));
        }

        output.Line($"Or: MODELPLANE_TOKEN=$(cat {tokenFile.EscapeMarkup()}) modelplane predict {results[0].Endpoint.Name.EscapeMarkup()} --input rows.json --server {baseUrl.AbsoluteUri.TrimEnd('/').EscapeMarkup()}");
        output.Line($"Each endpoint is monitored against its training data: after 1,000 predictions, [bold]modelplane drift {results[0].Endpoint.Name.EscapeMarkup()}[/] shows the first window.");
    }
}
