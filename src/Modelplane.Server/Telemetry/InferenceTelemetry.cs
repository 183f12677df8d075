using System.Globalization;
using Modelplane.Serving.Telemetry;

namespace Modelplane.Server.Telemetry;

/// <summary>
/// Inference metrics labelled with the workspace (names repeat across workspaces), endpoint, model and version. Every
/// label set is resolved when a route is built from registered names; requests that match no model share one
/// <c>unknown</c> series per workspace, so what a client types can never add a series. A request adds a count and a
/// latency with tags built once per route. This instance records for the default workspace;
/// <see cref="ForWorkspace"/> gives the recorder of another.
/// </summary>
internal sealed class InferenceTelemetry : IInferenceTelemetry
{
    /// <summary>The label value of requests that matched no registered model.</summary>
    public const string Unknown = "unknown";

    private static readonly string[] StatusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"];

    private readonly ModelplaneMeter _meter;
    private readonly Slos.SloRecorders? _slos;
    private readonly WorkspaceTelemetry _default;

    public InferenceTelemetry(ModelplaneMeter meter, Slos.SloRecorders? slos = null)
    {
        _meter = meter;
        _slos = slos;
        _default = new WorkspaceTelemetry(this, global::Modelplane.Governance.Workspaces.WorkspaceName.Default);
    }

    public IRouteTelemetry Unrouted => _default.Unrouted;

    public IRouteTelemetry ForRoute(string? endpoint, string model, int version) => _default.ForRoute(endpoint, model, version);

    public IVersionTelemetry ForVersion(string model, int version) => _default.ForVersion(model, version);

    /// <summary>The recorder of <paramref name="workspace"/>'s routes (the same instruments, its own label).</summary>
    public IInferenceTelemetry ForWorkspace(string workspace) => new WorkspaceTelemetry(this, workspace);

    private RouteRecorder Route(string workspace, string endpoint, string model, string version, Slos.SloCell? slo = null) =>
        new(_meter, (workspace, endpoint, model, version), slo);

    private sealed class WorkspaceTelemetry(InferenceTelemetry owner, string workspace) : IInferenceTelemetry
    {
        public IRouteTelemetry Unrouted { get; } = owner.Route(workspace, Unknown, Unknown, Unknown);

        // SLOs judge endpoints: a request by model name has no objective to count against.
        public IRouteTelemetry ForRoute(string? endpoint, string model, int version) =>
            owner.Route(workspace, endpoint ?? "", model, version.ToString(CultureInfo.InvariantCulture),
                endpoint is null ? null : owner._slos?.For(workspace).Cell(endpoint));

        public IVersionTelemetry ForVersion(string model, int version) =>
            new VersionRecorder(owner._meter, workspace, model, version);
    }

    private sealed class RouteRecorder : IRouteTelemetry
    {
        private readonly ModelplaneMeter _meter;
        private readonly KeyValuePair<string, object?>[][] _tags;
        private readonly Slos.SloCell? _slo;

        public RouteRecorder(ModelplaneMeter meter, (string Workspace, string Endpoint, string Model, string Version) key, Slos.SloCell? slo)
        {
            _meter = meter;
            _slo = slo;
            _tags = [.. StatusClasses.Select(c => new KeyValuePair<string, object?>[]
            {
                new("workspace", key.Workspace), new("endpoint", key.Endpoint), new("model", key.Model),
                new("version", key.Version), new("status_class", c),
            })];
        }

        public void Record(int statusCode, double seconds)
        {
            RecordAttempt(statusCode, seconds);
            _slo?.Record(statusCode, seconds);
        }

        public void RecordAttempt(int statusCode, double seconds)
        {
            var tags = _tags[Math.Clamp((statusCode / 100) - 1, 0, StatusClasses.Length - 1)];
            _meter.Requests.Add(1, tags);
            _meter.RequestDuration.Record(seconds, tags);
        }
    }

    private sealed class VersionRecorder(ModelplaneMeter meter, string workspace, string model, int version) : IVersionTelemetry
    {
        private readonly KeyValuePair<string, object?>[] _tags =
            [new("workspace", workspace), new("model", model), new("version", version.ToString(CultureInfo.InvariantCulture))];

        public void RecordLoad(double seconds) => meter.LoadDuration.Record(seconds, _tags);

        public void RecordExecution(long rows) => meter.BatchSize.Record(rows, _tags);
    }
}
