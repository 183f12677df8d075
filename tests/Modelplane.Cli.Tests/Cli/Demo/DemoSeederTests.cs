using System.Security.Cryptography;
using System.Text.Json;
using Modelplane.Cli.Demo;
using Modelplane.Cli.Tests.Fakes;
using Modelplane.Client.Contracts;
using Modelplane.Testing.FileSystem;

namespace Modelplane.Cli.Tests.Cli.Demo;

public sealed class DemoSeederTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakeModelplaneServer _server = new();
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task SeedAsync_NewModel_PushesWithMetadataAndCreatesEndpoint()
    {
        var bytes = RandomNumberGenerator.GetBytes(500);
        _temp.File("bc.onnx", bytes);
        _temp.File("bc.model.json", """{"description":"LR","metrics":{"auc":0.99},"tags":{"dataset":"breast_cancer"}}""");
        using var client = _server.CreateClient();

        var result = await new DemoSeeder(client).SeedAsync(Model(), Ct);

        Assert.True(result.Pushed);
        Assert.Equal((1, "bc", "bc", 1), (result.Version, result.Endpoint.Name, result.Endpoint.Model, result.Endpoint.Version));
        var push = Assert.Single(_server.Requests, r => r.Method == HttpMethod.Post && r.PathAndQuery.StartsWith("/api/v1/models/bc/versions", StringComparison.Ordinal));
        Assert.Equal($"/api/v1/models/bc/versions?description=LR&tag=dataset%3Dbreast_cancer&metric=auc%3D0.99&sha256={Convert.ToHexStringLower(SHA256.HashData(bytes))}", push.PathAndQuery);
    }

    [Fact]
    public async Task SeedAsync_SecondRun_ReusesVersionAndEndpointWithoutUploading()
    {
        _temp.File("bc.onnx", RandomNumberGenerator.GetBytes(500));
        using var client = _server.CreateClient();
        await new DemoSeeder(client).SeedAsync(Model(), Ct);
        _server.Requests.Clear();

        var result = await new DemoSeeder(client).SeedAsync(Model(), Ct);

        Assert.False(result.Pushed);
        Assert.Equal(1, result.Version);
        Assert.DoesNotContain(_server.Requests, r => r.Method == HttpMethod.Post);
    }

    [Fact]
    public async Task SeedAsync_ChangedFile_PushesNextVersionAndKeepsEndpoint()
    {
        using var client = _server.CreateClient();
        _temp.File("bc.onnx", [1, 2, 3]);
        await new DemoSeeder(client).SeedAsync(Model(), Ct);
        _temp.File("bc.onnx", [4, 5, 6]);

        var result = await new DemoSeeder(client).SeedAsync(Model(), Ct);

        Assert.True(result.Pushed);
        Assert.Equal((2, 1), (result.Version, result.Endpoint.Version));
    }

    [Fact]
    public async Task SeedAsync_SampleRow_ExampleRequestUsesItWithInputNameAndDatatype()
    {
        _temp.File("bc.onnx", [1]);
        _temp.File("bc.samples.json", "[[0.5, 1.5, 2.5], [9, 9, 9]]");
        using var client = _server.CreateClient();

        var result = await new DemoSeeder(client).SeedAsync(Model(), Ct);

        Assert.Equal("""{"inputs":[{"name":"Features","shape":[1,3],"datatype":"FP32","data":[0.5,1.5,2.5]}]}""", result.ExampleRequestJson);
    }

    [Fact]
    public async Task SeedAsync_NoSamples_ExampleRequestIsZerosAsWideAsTheInput()
    {
        _server.Signatures["wide"] = new SignatureDto([new TensorSpecDto("input", "FP32", [-1, 5])], [new TensorSpecDto("y", "FP32", [-1, 1])]);
        _temp.File("wide.onnx", [1]);
        using var client = _server.CreateClient();

        var result = await new DemoSeeder(client).SeedAsync(Assert.Single(DemoModelFiles.Discover(_temp.Path, _ => { })), Ct);

        using var request = JsonDocument.Parse(result.ExampleRequestJson);
        var input = request.RootElement.GetProperty("inputs")[0];
        Assert.Equal("[1,5]", input.GetProperty("shape").GetRawText());
        Assert.Equal("[0,0,0,0,0]", input.GetProperty("data").GetRawText());
    }

    private DemoModelFiles Model() => Assert.Single(DemoModelFiles.Discover(_temp.Path, _ => { }));
}
