using Modelplane.Client;

namespace Modelplane.Cli.Tests.Fakes;

/// <summary>Runs <c>modelplane</c> commands in-process against a <see cref="FakeModelplaneServer"/>, capturing stdout and stderr.</summary>
internal sealed class CliHarness
{
    public FakeModelplaneServer Server { get; } = new();

    public Dictionary<string, string> Variables { get; } = [];

    /// <summary>Every server URL a command created a client for.</summary>
    public List<Uri> ClientUris { get; } = [];

    public Func<Uri, ModelplaneClient>? ClientFactory { get; set; }

    public async Task<CliRun> RunWithInputAsync(string stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var env = new CliEnvironment
        {
            Out = stdout,
            Error = stderr,
            In = new StringReader(stdin),
            IsTerminal = false,
            GetVariable = name => Variables.GetValueOrDefault(name),
            CreateClient = uri =>
            {
                ClientUris.Add(uri);
                return ClientFactory?.Invoke(uri) ?? new ModelplaneClient(Server.CreateHttpClient(uri));
            },
        };
        var exitCode = await CommandLine.InvokeAsync(args, env, TestContext.Current.CancellationToken);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    public Task<CliRun> RunAsync(params string[] args) => RunWithInputAsync("", args);
}

internal sealed record CliRun(int ExitCode, string Out, string Error);
