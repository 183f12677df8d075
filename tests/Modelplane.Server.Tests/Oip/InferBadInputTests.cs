using System.Net;
using System.Text;
using System.Text.Json;

namespace Modelplane.Server.Tests.Oip;

/// <summary>Every mistake a client can make gets a 4xx with a message naming it, and the server keeps serving.</summary>
public sealed class InferBadInputTests(SmallLimitsAppFactory app) : IClassFixture<SmallLimitsAppFactory>, IAsyncLifetime
{
    private const string Model = "bad-input-linear";
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

    public static TheoryData<string, HttpStatusCode, string> BadBodies => new()
    {
        { """{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","data":[1,2,3]}""", HttpStatusCode.BadRequest, "JSON" },
        { "not json at all", HttpStatusCode.BadRequest, "JSON" },
        { "", HttpStatusCode.BadRequest, "" },
        { """{"inputs":[]}""", HttpStatusCode.BadRequest, "'x'" },
        { """{"inputs":[{"name":"z","shape":[1,3],"datatype":"FP32","data":[1,2,3]}]}""", HttpStatusCode.BadRequest, "'z'" },
        { """{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP64","data":[1,2,3]}]}""", HttpStatusCode.BadRequest, "FP64" },
        { """{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""", HttpStatusCode.BadRequest, "shape" },
        { """{"inputs":[{"name":"x","shape":[2,3],"datatype":"FP32","data":[1,2,3]}]}""", HttpStatusCode.BadRequest, "elements" },
        { """{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","data":[1,"a",3]}]}""", HttpStatusCode.BadRequest, "'x'" },
        { """{"inputs":[{"name":"x","shape":[-1,3],"datatype":"FP32","data":[1,2,3]}]}""", HttpStatusCode.BadRequest, "'x'" },
        { """{"inputs":[{"name":"x","shape":[1099511627776,1099511627776],"datatype":"FP32","data":[1,2,3]}]}""", HttpStatusCode.BadRequest, "'x'" },
        { """{"inputs":[{"name":"x","shape":[30,3],"datatype":"FP32","data":[1,2,3]}]}""", HttpStatusCode.RequestEntityTooLarge, "limit" },
        { """{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","data":[1,2,3]}],"outputs":[{"name":"nope"}]}""", HttpStatusCode.BadRequest, "'nope'" },
        { """{"inputs":[{"name":"x","shape":[4611686018427387904,3],"datatype":"FP32","data":[1,2,3]}]}""", HttpStatusCode.BadRequest, "overflows" },
        { """{"inputs":[{"name":"x","shape":[0,3],"datatype":"FP32","data":[]}]}""", HttpStatusCode.BadRequest, "empty tensors" },
        { """{"inputs":[{"name":"x","shape":[1,0],"datatype":"FP32","data":[]}]}""", HttpStatusCode.BadRequest, "Input 'x' has shape [1,0]" },
        { """{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","data":[]}]}""", HttpStatusCode.BadRequest, "needs 3 elements but data has 0" },
        { """{"inputs":[{"name":"x","shape":[1,3],"datatype":"INT64","data":[1,2,3]}]}""", HttpStatusCode.BadRequest, "INT64" },
        { """{"inputs":[{"name":"x","shape":[1,3],"datatype":"fp32","data":[1,2,3]}]}""", HttpStatusCode.BadRequest, "unknown datatype 'fp32'" },
        { """{"inputs":[{"name":"x","shape":["1",3],"datatype":"FP32","data":[1,2,3]}]}""", HttpStatusCode.BadRequest, "field 'shape'" },
        { """{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","data":[1,NaN,3]}]}""", HttpStatusCode.BadRequest, "JSON" },
        { """{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","data":[1,"NaN",3]}]}""", HttpStatusCode.BadRequest, "Input 'x'" },
        { """{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","data":[1,Infinity,3]}]}""", HttpStatusCode.BadRequest, "JSON" },
        { """{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","data":[1,"-Infinity",3]}]}""", HttpStatusCode.BadRequest, "Input 'x'" },
        { """{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","data":[1,1e400,3]}]}""", HttpStatusCode.BadRequest, "Input 'x'" },
        { """{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","data":[1,2,3]}],"outputs":[{"name":"y"},{"name":"y"}]}""", HttpStatusCode.BadRequest, "'y' is requested more than once" },
        { """{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","data":[1,2,3]},{"name":"x","shape":[1,3],"datatype":"FP32","data":[1,2,3]}]}""", HttpStatusCode.BadRequest, "'x' is given more than once" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Infer_BadBody_Returns4xxNamingTheProblemAndKeepsServing(string body, HttpStatusCode expected, string mentioned)
    {
        var (status, error) = await PostAsync($"/v2/models/{Model}/infer", body);

        Assert.Equal(expected, status);
        Assert.Contains(mentioned, error, StringComparison.OrdinalIgnoreCase);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Infer_UnknownModel_Returns404NamingModel()
    {
        var (status, error) = await PostAsync("/v2/models/no-such-model/infer", TestModels.Request([1, 2, 3]));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("'no-such-model'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_UnknownVersion_Returns404NamingVersion()
    {
        var (status, error) = await PostAsync($"/v2/models/{Model}/versions/99/infer", TestModels.Request([1, 2, 3]));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("99", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_BodyOverLimit_Returns413()
    {
        var huge = TestModels.Request([1, 2, 3]).Replace("[1,2,3]", "[1,2,3" + string.Concat(Enumerable.Repeat(",0", 2000)) + "]", StringComparison.Ordinal);

        var (status, error) = await PostAsync($"/v2/models/{Model}/infer", huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("2048", error, StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    private async Task AssertStillServingAsync()
    {
        var (status, _) = await PostAsync($"/v2/models/{Model}/infer", TestModels.Request([1, 2, 3]));
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private async Task<(HttpStatusCode Status, string Error)> PostAsync(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(path, content, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return (response.StatusCode, text);
        }

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(text);
        return (response.StatusCode, doc.RootElement.GetProperty("error").GetString()!);
    }
}
