using System.Text.Json;
using Modelplane.Cli.Tests.Fakes;
using Modelplane.Client;

namespace Modelplane.Cli.Tests.Cli;

public sealed class EndpointsCommandsTests
{
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task Create_ExplicitVersion_CreatesEndpointOnThatVersion()
    {
        _cli.Server.AddVersion("churn", [1]);
        _cli.Server.AddVersion("churn", [2]);

        var run = await _cli.RunAsync("endpoints", "create", "prod", "--model", "churn@1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Created live endpoint prod serving churn@1", run.Out, StringComparison.Ordinal);
        Assert.Equal("""{"name":"prod","model":"churn","version":1}""", _cli.Server.Requests[^1].BodyText);
    }

    [Fact]
    public async Task Create_WithoutVersion_ResolvesLatestFromServer()
    {
        _cli.Server.AddVersion("churn", [1]);
        _cli.Server.AddVersion("churn", [2]);

        var run = await _cli.RunAsync("endpoints", "create", "prod", "--model", "churn", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(2, JsonSerializer.Deserialize(run.Out, ModelplaneJsonContext.Default.EndpointDto)!.Version);
    }

    [Fact]
    public async Task Create_Duplicate_ExitsApiErrorWithConflictHint()
    {
        _cli.Server.AddVersion("churn", [1]);
        await _cli.RunAsync("endpoints", "create", "prod", "--model", "churn@1");

        var run = await _cli.RunAsync("endpoints", "create", "prod", "--model", "churn@1");

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        Assert.Contains("Error: Endpoint 'prod' already exists.", run.Error, StringComparison.Ordinal);
        Assert.Contains("modelplane endpoints set NAME --model MODEL@VERSION", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_MissingModelOption_ExitsUsage()
    {
        var run = await _cli.RunAsync("endpoints", "create", "prod");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("Option '--model' is required.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_NewVersion_MovesEndpoint()
    {
        _cli.Server.AddVersion("churn", [1]);
        _cli.Server.AddVersion("churn", [2]);
        await _cli.RunAsync("endpoints", "create", "prod", "--model", "churn@1");

        var run = await _cli.RunAsync("endpoints", "set", "prod", "--model", "churn@2");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Endpoint prod now serves churn@2", run.Out, StringComparison.Ordinal);
        var shown = await _cli.RunAsync("endpoints", "show", "prod", "--json");
        Assert.Equal(2, JsonSerializer.Deserialize(shown.Out, ModelplaneJsonContext.Default.EndpointDto)!.Version);
    }

    [Fact]
    public async Task List_Json_PrintsEndpoints()
    {
        _cli.Server.AddVersion("churn", [1]);
        await _cli.RunAsync("endpoints", "create", "a", "--model", "churn@1");
        await _cli.RunAsync("endpoints", "create", "b", "--model", "churn@1");

        var run = await _cli.RunAsync("endpoints", "list", "--json");

        var endpoints = JsonSerializer.Deserialize(run.Out, ModelplaneJsonContext.Default.IReadOnlyListEndpointDto)!;
        Assert.Equal(["a", "b"], endpoints.Select(e => e.Name).Order());
    }

    [Fact]
    public async Task Show_Unknown_ExitsApiErrorWithListHint()
    {
        var run = await _cli.RunAsync("endpoints", "show", "ghost");

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        Assert.Contains("Endpoint 'ghost' does not exist.", run.Error, StringComparison.Ordinal);
        Assert.Contains("modelplane endpoints list", run.Error, StringComparison.Ordinal);
    }
}
