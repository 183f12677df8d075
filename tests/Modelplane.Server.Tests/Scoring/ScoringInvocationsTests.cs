using System.Net;

namespace Modelplane.Server.Tests.Scoring;

/// <summary><c>POST /endpoints/{name}/invocations</c> answers every MLflow input format with <c>{"predictions": ...}</c>.</summary>
public sealed class ScoringInvocationsTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>, IAsyncLifetime
{
    // Linear3: y = x·[1, 2, 3] + 0.5, so [1, 1, 1] -> 6.5 and [2, 0, 1] -> 5.5.
    private const string Model = "scoring-linear";
    private const string Expected = "[6.5,5.5]";
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

    public static TheoryData<string> TensorBodies => new()
    {
        """{"inputs": [[1, 1, 1], [2, 0, 1]]}""",
        """{"instances": [[1, 1, 1], [2, 0, 1]]}""",
        """{"inputs": {"x": [[1, 1, 1], [2, 0, 1]]}}""",
        """{"inputs": {"f1": [1, 2], "f2": [1, 0], "f3": [1, 1]}}""",
        """{"instances": [{"x": [1, 1, 1]}, {"x": [2, 0, 1]}]}""",
        """{"inputs": [[1, 1, 1], [2, 0, 1]], "params": {"temperature": 0.5, "unknown": [1]}}""",
    };

    public static TheoryData<string> DataFrameBodies => new()
    {
        """{"dataframe_split": {"columns": ["f1", "f2", "f3"], "data": [[1, 1, 1], [2, 0, 1]]}}""",
        """{"dataframe_split": {"index": [7, 8], "data": [[1, 1, 1], [2, 0, 1]]}}""",
        """{"dataframe_records": [{"f1": 1, "f2": 1, "f3": 1}, {"f3": 1, "f1": 2, "f2": 0}]}""",
    };

    [Theory]
    [MemberData(nameof(TensorBodies))]
    public async Task Invocations_TensorInput_ReturnsOutputArraysByName(string body)
    {
        var (status, answer) = await ScoringClient.PostAsync(_client, Model, body);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"y":[6.5,5.5]}""", ScoringClient.Predictions(answer));
    }

    [Theory]
    [MemberData(nameof(DataFrameBodies))]
    public async Task Invocations_DataFrameInput_ReturnsPredictionsPerRow(string body)
    {
        var (status, answer) = await ScoringClient.PostAsync(_client, Model, body);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Expected, ScoringClient.Predictions(answer));
    }

    [Theory]
    [InlineData("f1,f2,f3\n1,1,1\n2,0,1\n", "text/csv")]
    [InlineData("1,1,1\r\n2,0,1", "text/csv; charset=utf-8")]
    public async Task Invocations_Csv_ReturnsPredictionsPerRow(string body, string contentType)
    {
        var (status, answer) = await ScoringClient.PostAsync(_client, Model, body, contentType);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Expected, ScoringClient.Predictions(answer));
    }

    [Fact]
    public async Task Invocations_EndpointName_RoutesToItsModel()
    {
        var endpoint = TestModels.UniqueName("ep");
        await app.CreateEndpointAsync(endpoint, Model, 1);

        var (status, answer) = await ScoringClient.PostAsync(_client, endpoint, """{"inputs": [[0, 0, 1]]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"y":[3.5]}""", ScoringClient.Predictions(answer));
    }

    [Fact]
    public async Task Invocations_JsonWithUtf8Charset_Accepted()
    {
        var (status, answer) = await ScoringClient.PostAsync(_client, Model, """{"inputs": [[1, 1, 1]]}""", "application/json; charset=UTF-8");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"y":[6.5]}""", ScoringClient.Predictions(answer));
    }

    [Fact]
    public async Task Invocations_Nesting10000Deep_Returns400NamingDepth()
    {
        var body = $$"""{"inputs": {{new string('[', 10_000)}}{{new string(']', 10_000)}}}""";

        var (status, error) = await ScoringClient.PostAsync(_client, Model, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("BAD_REQUEST", error.GetProperty("error_code").GetString());
        Assert.Contains("maximum configured depth of 32", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/ping")]
    [InlineData("/health")]
    public async Task Ping_KnownName_Returns200(string path)
    {
        using var response = await _client.GetAsync($"/endpoints/{Model}{path}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Version_KnownName_ReturnsServerVersionAsText()
    {
        using var response = await _client.GetAsync($"/endpoints/{Model}/version", TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(typeof(Modelplane.Server.Hosting.ModelplaneHost).Assembly.GetName().Version!.ToString(3), text);
    }

    [Theory]
    [InlineData("GET", "/ping")]
    [InlineData("GET", "/health")]
    [InlineData("GET", "/version")]
    [InlineData("POST", "/invocations")]
    public async Task Route_UnknownName_Returns404WithMlflowError(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/endpoints/no-such-model{path}");
        if (method == "POST")
        {
            request.Content = new StringContent("""{"inputs": [[1, 1, 1]]}""", System.Text.Encoding.UTF8, "application/json");
        }
        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", body.RootElement.GetProperty("error_code").GetString());
        Assert.Contains("'no-such-model'", body.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
