using System.Net;
using System.Text.Json;

namespace Modelplane.Server.Tests.Scoring;

/// <summary>Bad scoring requests get MLflow error bodies naming the problem, with 400, 413 or 415, and the server keeps serving.</summary>
public sealed class ScoringBadInputTests(SmallLimitsAppFactory app) : IClassFixture<SmallLimitsAppFactory>, IAsyncLifetime
{
    private const string Model = "scoring-bad-input";
    private const string Good = """{"inputs": [[1, 1, 1]]}""";
    private readonly HttpClient _client = app.CreateClient();

    public async ValueTask InitializeAsync()
    {
        using var response = await _client.GetAsync($"/api/v1/models/{Model}", TestContext.Current.CancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            await app.PushAsync(Model, TestModels.Linear3());
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { """{"dataframe_split": {"data": [[1, 1, 1]]}, "inputs": [[1, 1, 1]]}""", "BAD_REQUEST", "both 'dataframe_split' and 'inputs'" },
        { """{"dataframe_split": {"data": [[1, 2]]}, "inputs": [[1, 1, 1]]}""", "BAD_REQUEST", "both 'dataframe_split' and 'inputs'" },
        { """{"params": {}}""", "BAD_REQUEST", "exactly one of the fields dataframe_split, dataframe_records, instances, inputs; it has none" },
        { """{"inputs": [[1, 2, 3, 4]]}""", "INVALID_PARAMETER_VALUE", "Row 0 of 'inputs' has 4 values for input 'x', which takes 3 per row" },
        { """{"inputs": [[1, 2, 3], [1, 2]]}""", "INVALID_PARAMETER_VALUE", "Row 1 of 'inputs' has 2 values" },
        { """{"dataframe_split": {"data": [[1, 2, 3], [4, 5, 6, 7]]}}""", "INVALID_PARAMETER_VALUE", "Row 1 of 'dataframe_split.data' has 4 values" },
        { """{"inputs": [[1, "two", 3]]}""", "BAD_REQUEST", "Input 'x' data must contain only numbers for datatype FP32; found the string \"two\"" },
        { """{"inputs": [[1, NaN, 3]]}""", "BAD_REQUEST", "not valid JSON" },
        { """{"inputs": [[1, "NaN", 3]]}""", "BAD_REQUEST", "found the string \"NaN\"" },
        { """{"dataframe_split": {"columns": ["a", "b", "c"], "data": []}}""", "INVALID_PARAMETER_VALUE", "Field 'dataframe_split.data' has no rows" },
        { """{"dataframe_records": []}""", "INVALID_PARAMETER_VALUE", "Field 'dataframe_records' has no rows" },
        { """{"inputs": [[1, 1, 1]], "params": "fast"}""", "INVALID_PARAMETER_VALUE", "Field 'params' must be an object" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Invocations_BadBody_Returns400NamingTheField(string body, string code, string mentioned)
    {
        var (status, error) = await ScoringClient.PostAsync(_client, Model, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(code, error.GetProperty("error_code").GetString());
        Assert.Contains(mentioned, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Theory]
    [InlineData("application/json; charset=latin-1", "only supports UTF-8")]
    [InlineData("text/csv; charset=utf-16", "only supports UTF-8")]
    [InlineData("text/plain", "'text/plain' is not supported")]
    [InlineData("application/x-www-form-urlencoded", "send application/json or text/csv")]
    [InlineData("application/json; format=pandas-split", "parameter 'format' is not supported")]
    public async Task Invocations_UnsupportedContentType_Returns415(string contentType, string mentioned)
    {
        var (status, error) = await ScoringClient.PostAsync(_client, Model, Good, contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal("BAD_REQUEST", error.GetProperty("error_code").GetString());
        Assert.Contains(mentioned, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invocations_BodyOneByteOverLimit_Returns413AndAtLimitIsServed()
    {
        // The small-limits server takes 2048 bytes; JSON whitespace pads the same request to any size.
        var atLimit = Good.Insert(1, new string(' ', 2048 - Good.Length));
        var over = " " + atLimit;

        var (okStatus, answer) = await ScoringClient.PostAsync(_client, Model, atLimit);
        var (status, error) = await ScoringClient.PostAsync(_client, Model, over);

        Assert.Equal(HttpStatusCode.OK, okStatus);
        Assert.Equal("""{"y":[6.5]}""", ScoringClient.Predictions(answer));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("REQUEST_LIMIT_EXCEEDED", error.GetProperty("error_code").GetString());
        Assert.Contains("2048", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invocations_MoreElementsThanTheLimit_Returns413()
    {
        var rows = string.Join(",", Enumerable.Repeat("[1,1,1]", 30));

        var (status, error) = await ScoringClient.PostAsync(_client, Model, $$"""{"inputs": [{{rows}}]}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("the limit is 64", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private async Task AssertStillServingAsync()
    {
        var (status, answer) = await ScoringClient.PostAsync(_client, Model, Good);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"y":[6.5]}""", ScoringClient.Predictions(answer));
    }
}
