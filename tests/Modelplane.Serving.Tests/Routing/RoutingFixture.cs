using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Modelplane.Registry.Endpoints;
using Modelplane.Registry.Models;
using Modelplane.Serving.Routing;
using Modelplane.Serving.Telemetry;
using Modelplane.Testing.FileSystem;
using Modelplane.Testing.Onnx;

namespace Modelplane.Serving.Tests.Routing;

/// <summary>The real registry (SQLite, blob folder, inspector) and runtime behind a <see cref="ServingTable"/>.</summary>
internal sealed class RoutingFixture : IAsyncDisposable
{
    private readonly TempDirectory _data = new();
    private readonly ServiceProvider _services;

    private RoutingFixture()
    {
        Time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Modelplane:DataDirectory"] = _data.Path })
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IInferenceTelemetry, NullTelemetry>()
            .AddSingleton<TimeProvider>(Time);
        services.AddLogging();
        services.AddModelplaneRegistry().AddOnnxModelInspection().AddModelServing().AddModelRouting();
        _services = services.BuildServiceProvider();
    }

    /// <summary>The clock every part of the fixture uses.</summary>
    public FakeTimeProvider Time { get; }

    public ServingTable Table => _services.GetRequiredService<ServingTable>();

    public IEndpointStore Endpoints => _services.GetRequiredService<IEndpointStore>();

    public IModelLifecycleStore Lifecycle => _services.GetRequiredService<IModelLifecycleStore>();

    public string DataDirectory => _data.Path;

    public static async Task<RoutingFixture> CreateAsync()
    {
        var fixture = new RoutingFixture();
        foreach (var hosted in fixture._services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return fixture;
    }

    /// <summary>Pushes <c>y = x·[1,2,3] + bias</c> as the next version of <paramref name="model"/>.</summary>
    public Task<ModelVersion> PushAsync(string model, float bias) =>
        _services.GetRequiredService<ModelPublisher>().PushAsync(
            model, new MemoryStream(OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], bias).Build()), PushMetadata.Empty, CancellationToken.None);

    /// <summary>Runs <c>x = [1,1,1]</c> through a route and returns <c>y</c>: 6 + the bias of the version that served it.</summary>
    public static float Predict(ServingRoute route)
    {
        var output = new ArrayBufferWriter<byte>();
        route.Runner.Infer(new ReadOnlySequence<byte>("""{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","data":[1,1,1]}]}"""u8.ToArray()), output, route.Name);
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(output.WrittenSpan));
        return doc.RootElement.GetProperty("outputs")[0].GetProperty("data")[0].GetSingle();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _data.Dispose();
    }

    private sealed class NullTelemetry : IInferenceTelemetry, IRouteTelemetry, IVersionTelemetry
    {
        public IRouteTelemetry Unrouted => this;

        public IRouteTelemetry ForRoute(string? endpoint, string model, int version) => this;

        public IVersionTelemetry ForVersion(string model, int version) => this;

        public void Record(int statusCode, double seconds)
        {
        }

        public void RecordLoad(double seconds)
        {
        }

        public void RecordExecution(long rows)
        {
        }
    }
}
