using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net.Http;
using System.Text.Json;
using Modelplane.Client;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary>The options every client command shares (<c>--server</c>, <c>--json</c>) and the one place that turns failures into exit codes.</summary>
internal sealed class ClientCommand
{
    /// <summary>Where the server is when neither <c>--server</c> nor <c>MODELPLANE_SERVER</c> says.</summary>
    public const string DefaultServer = "http://127.0.0.1:8080";

    private readonly CliEnvironment _env;

    private ClientCommand(CliEnvironment env, Command command)
    {
        _env = env;
        Server = new Option<string>("--server")
        {
            Description = "URL of the Modelplane server (env MODELPLANE_SERVER)",
            HelpName = "URL",
            DefaultValueFactory = _ => env.GetVariable("MODELPLANE_SERVER") is { Length: > 0 } fromEnv ? fromEnv : DefaultServer,
        };
        Json = new Option<bool>("--json") { Description = "Print machine-readable JSON instead of tables" };
        Token = new Option<string?>("--token")
        {
            Description = "API token (env MODELPLANE_TOKEN; for a server on this machine, else <MODELPLANE_DATA_DIR or ./modelplane-data>/admin-token)",
            HelpName = "TOKEN",
        };
        command.Options.Add(Server);
        command.Options.Add(Token);
        command.Options.Add(Json);
    }

    /// <summary>The <c>--server URL</c> option.</summary>
    public Option<string> Server { get; }

    /// <summary>The <c>--token TOKEN</c> option.</summary>
    public Option<string?> Token { get; }

    /// <summary>The <c>--json</c> flag.</summary>
    public Option<bool> Json { get; }

    /// <summary>Adds the shared options to <paramref name="command"/> and runs <paramref name="action"/> as its action.</summary>
    /// <param name="env">Streams and client factory.</param>
    /// <param name="command">The command to configure.</param>
    /// <param name="action">The command body; it gets the parse result, a client, an output helper and the cancellation token.</param>
    /// <param name="hint">What to suggest when the server reports an error, or null for no hint.</param>
    public static ClientCommand Configure(
        CliEnvironment env,
        Command command,
        Func<ParseResult, ModelplaneClient, CliOutput, CancellationToken, Task<int>> action,
        Func<ModelplaneApiException, string?>? hint = null)
    {
        var shared = new ClientCommand(env, command);
        command.SetAction((parse, ct) => shared.RunAsync(parse, action, hint ?? (_ => null), ct));
        return shared;
    }

    private async Task<int> RunAsync(
        ParseResult parse,
        Func<ParseResult, ModelplaneClient, CliOutput, CancellationToken, Task<int>> action,
        Func<ModelplaneApiException, string?> hint,
        CancellationToken ct)
    {
        var output = new CliOutput(_env, parse.GetValue(Json));
        var server = parse.GetValue(Server) ?? DefaultServer;
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            output.Error($"'{server}' is not an http:// or https:// URL.", "Pass --server http://HOST:PORT or set MODELPLANE_SERVER.");
            return ExitCodes.Usage;
        }

        try
        {
            using var client = _env.CreateClient(uri);
            client.UseToken(ResolveToken(parse, uri));
            return await action(parse, client, output, ct);
        }
        catch (UsageException ex)
        {
            output.Error(ex.Message, $"Run `{CommandPath(parse)} --help` for usage.");
            return ExitCodes.Usage;
        }
        catch (ModelplaneApiException ex)
        {
            output.Error(ex.Message, hint(ex));
            return ExitCodes.ApiError;
        }
        catch (HttpRequestException ex) when (ex.StatusCode is null)
        {
            output.Error(
                $"Cannot reach the Modelplane server at {server}. Start one with `modelplane server` or set --server / MODELPLANE_SERVER.",
                hint: null);
            return ExitCodes.Unreachable;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Local files (the model to push, the rows to predict) that exist but cannot be read.
            output.Error(ex.Message, "Check the file path and its permissions.");
            return ExitCodes.Usage;
        }
        catch (JsonException ex)
        {
            output.Error($"The server at {server} sent a response this client cannot read: {ex.Message}", "Check that --server points at a Modelplane server of a matching version.");
            return ExitCodes.ApiError;
        }
    }

    /// <summary>
    /// <c>--token</c>, else <c>MODELPLANE_TOKEN</c>, else, for a server on this machine, the admin token its first start
    /// wrote to the data directory, so the embedded default needs no set-up.
    /// </summary>
    private string? ResolveToken(ParseResult parse, Uri server)
    {
        if (parse.GetValue(Token) is { Length: > 0 } given)
        {
            return given;
        }

        if (_env.GetVariable("MODELPLANE_TOKEN") is { Length: > 0 } fromEnv)
        {
            return fromEnv;
        }

        if (!server.IsLoopback)
        {
            return null;
        }

        var dataDirectory = _env.GetVariable("MODELPLANE_DATA_DIR") is { Length: > 0 } dir ? dir : ServerCommands.DefaultDataDirectory;
        var file = Path.Combine(dataDirectory, "admin-token");
        return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
    }

    /// <summary>The full command as typed, e.g. <c>modelplane models push</c>, for hints.</summary>
    public static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (SymbolResult? result = parse.CommandResult; result is CommandResult { Command: not RootCommand } command; result = command.Parent)
        {
            names.Add(command.Command.Name);
        }

        names.Add("modelplane");
        names.Reverse();
        return string.Join(' ', names);
    }
}
