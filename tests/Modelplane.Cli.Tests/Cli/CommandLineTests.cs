using Modelplane.Cli.Tests.Fakes;

namespace Modelplane.Cli.Tests.Cli;

public sealed class CommandLineTests
{
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task InvokeAsync_UnknownOption_ExitsWithUsageCode()
    {
        var run = await _cli.RunAsync("models", "list", "--colour");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--colour", run.Error, StringComparison.Ordinal);
        Assert.Contains("Run `modelplane models list --help` for usage.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_Help_PrintsDescriptionAndExamplesWithSuccess()
    {
        var run = await _cli.RunAsync("models", "push", "--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Upload an ONNX file as the next immutable version", run.Out, StringComparison.Ordinal);
        Assert.Contains("Examples:", run.Out, StringComparison.Ordinal);
        Assert.Contains("modelplane models push churn model.onnx --metric auc=0.91 --tag team=risk", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_GroupWithoutSubcommand_PrintsItsHelpWithUsageCode()
    {
        var run = await _cli.RunAsync("endpoints");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("create", run.Out, StringComparison.Ordinal);
        Assert.Contains("set", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_NoServerOption_UsesModelplaneServerVariable()
    {
        _cli.Variables["MODELPLANE_SERVER"] = "http://models.internal:9000";

        var run = await _cli.RunAsync("models", "list");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(new Uri("http://models.internal:9000"), Assert.Single(_cli.ClientUris));
    }

    [Fact]
    public async Task InvokeAsync_NoServerOptionOrVariable_UsesLoopback8080()
    {
        await _cli.RunAsync("models", "list");

        Assert.Equal(new Uri("http://127.0.0.1:8080"), Assert.Single(_cli.ClientUris));
    }

    [Fact]
    public async Task InvokeAsync_ServerNotHttp_ExitsWithUsageCode()
    {
        var run = await _cli.RunAsync("models", "list", "--server", "ftp://x");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("'ftp://x' is not an http:// or https:// URL.", run.Error, StringComparison.Ordinal);
        Assert.Empty(_cli.ClientUris);
    }

    [Fact]
    public async Task InvokeAsync_NothingListening_ExitsUnreachableWithAdvice()
    {
        var url = ClosedPort.Url().AbsoluteUri.TrimEnd('/');
        _cli.ClientFactory = uri => new Modelplane.Client.ModelplaneClient(uri);

        var run = await _cli.RunAsync("endpoints", "list", "--server", url);

        Assert.Equal(ExitCodes.Unreachable, run.ExitCode);
        Assert.Contains(
            $"Cannot reach the Modelplane server at {url}. Start one with `modelplane server` or set --server / MODELPLANE_SERVER.",
            run.Error.ReplaceLineEndings(" "),
            StringComparison.Ordinal);
    }
}
