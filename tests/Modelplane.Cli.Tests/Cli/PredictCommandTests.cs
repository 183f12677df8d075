using System.Text.Json;
using Modelplane.Cli.Tests.Fakes;
using Modelplane.Client.Contracts;
using Modelplane.Testing.FileSystem;

namespace Modelplane.Cli.Tests.Cli;

public sealed class PredictCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly TempDirectory _temp = new();

    public PredictCommandTests()
    {
        _cli.Server.AddVersion("churn", [1]);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Predict_RowsFile_SendsTypedTensorAndPrintsOneTableRowPerInputRow()
    {
        await _cli.RunAsync("endpoints", "create", "prod", "--model", "churn@1");
        var input = _temp.File("rows.json", "[[1, 2, 3.5], [-10, 0.25, 0]]");

        var run = await _cli.RunAsync("predict", "prod", "--input", input);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("""{"inputs":[{"name":"Features","shape":[2,3],"datatype":"FP32","data":[1,2,3.5,-10,0.25,0]}]}""", _cli.Server.Requests[^1].BodyText);
        var lines = run.Out.Split('\n');
        Assert.Contains(lines, l => Cells(l) is ["Row", "Score", "Label"]);
        Assert.Contains(lines, l => Cells(l) is ["1", "6.5", "true"]);
        Assert.Contains(lines, l => Cells(l) is ["2", "-9.75", "false"]);
    }

    [Fact]
    public async Task Predict_Int64Signature_SendsIntegers()
    {
        _cli.Server.Signatures["counts"] = new SignatureDto([new TensorSpecDto("x", "INT64", [-1, 2])], [new TensorSpecDto("Score", "FP64", [-1, 1])]);
        _cli.Server.AddVersion("counts", [1]);
        await _cli.RunAsync("endpoints", "create", "counts", "--model", "counts@1");

        var run = await _cli.RunWithInputAsync("[4, 5]", "predict", "counts", "--input", "-");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("""{"inputs":[{"name":"x","shape":[1,2],"datatype":"INT64","data":[4,5]}]}""", _cli.Server.Requests[^1].BodyText);
    }

    [Fact]
    public async Task Predict_OipRequestJson_SendsItUnchangedAndPrintsResponseJson()
    {
        await _cli.RunAsync("endpoints", "create", "prod", "--model", "churn@1");
        const string request = """{"inputs":[{"name":"Features","shape":[1,3],"datatype":"FP32","data":[1,1,1]}]}""";

        var run = await _cli.RunWithInputAsync(request, "predict", "prod", "--input", "-", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(JsonSerializer.Serialize(JsonDocument.Parse(request).RootElement), JsonSerializer.Serialize(JsonDocument.Parse(_cli.Server.Requests[^1].Body).RootElement));
        Assert.DoesNotContain(_cli.Server.Requests, r => r.PathAndQuery == "/v2/models/prod");
        using var response = JsonDocument.Parse(run.Out);
        Assert.Equal(3.0, response.RootElement.GetProperty("outputs")[0].GetProperty("data")[0].GetDouble());
    }

    [Fact]
    public async Task Predict_WrongWidth_ExitsUsageBeforeInference()
    {
        await _cli.RunAsync("endpoints", "create", "prod", "--model", "churn@1");

        var run = await _cli.RunWithInputAsync("[1, 2]", "predict", "prod", "--input", "-");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("Input 'Features' expects 3 values per row, but the rows have 2.", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(_cli.Server.Requests, r => r.PathAndQuery.EndsWith("/infer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Predict_InvalidJson_ExitsUsage()
    {
        var run = await _cli.RunWithInputAsync("[1, 2", "predict", "prod", "--input", "-");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("Standard input is not valid JSON", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_ServerRejectsInput_ExitsApiErrorWithSignatureHint()
    {
        await _cli.RunAsync("endpoints", "create", "prod", "--model", "churn@1");
        const string request = """{"inputs":[{"name":"Features","shape":[1,3],"datatype":"INT32","data":[1,1,1]}]}""";

        var run = await _cli.RunWithInputAsync(request, "predict", "prod", "--input", "-");

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        Assert.Contains("Input 'Features' must be FP32.", run.Error, StringComparison.Ordinal);
        Assert.Contains("modelplane models show MODEL", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_UnknownEndpoint_ExitsApiError()
    {
        var run = await _cli.RunWithInputAsync("[1, 2, 3]", "predict", "ghost", "--input", "-");

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        Assert.Contains("Endpoint 'ghost' does not exist.", run.Error, StringComparison.Ordinal);
    }

    private static string[] Cells(string line)
        => line.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(c => c.Length > 0).ToArray();
}
