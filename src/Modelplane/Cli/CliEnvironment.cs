using Modelplane.Client;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary>Everything a command touches outside itself: streams, environment variables and the HTTP client, so tests can substitute them.</summary>
internal sealed class CliEnvironment
{
    /// <summary>Standard output: tables and <c>--json</c> documents.</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Standard error: error messages and hints.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Standard input, read by <c>predict --input -</c>.</summary>
    public required TextReader In { get; init; }

    /// <summary>Whether standard output is an interactive terminal (progress bars are drawn only then).</summary>
    public bool IsTerminal { get; init; }

    /// <summary>Reads an environment variable such as <c>MODELPLANE_SERVER</c>.</summary>
    public Func<string, string?> GetVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Creates the client for a server URL; tests hand out clients over a fake handler.</summary>
    public Func<Uri, ModelplaneClient> CreateClient { get; init; } = static uri => new ModelplaneClient(uri);

    /// <summary>The clock, for relative times such as <c>--since 1h</c>.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Rich output on <see cref="Out"/>.</summary>
    public IAnsiConsole Console => field ??= CreateConsole(Out, IsTerminal);

    /// <summary>Rich output on <see cref="Error"/>.</summary>
    public IAnsiConsole ErrorConsole => field ??= CreateConsole(Error, IsTerminal);

    /// <summary>The environment of the real process.</summary>
    public static CliEnvironment FromConsole() => new()
    {
        Out = System.Console.Out,
        Error = System.Console.Error,
        In = System.Console.In,
        IsTerminal = !System.Console.IsOutputRedirected,
    };

    private static IAnsiConsole CreateConsole(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            // Piped output has no window to fit; the 80-column fallback would wrap 64-character digests mid-table.
            console.Profile.Width = 200;
        }

        return console;
    }
}
