using Modelplane.Serving.Telemetry;

namespace Modelplane.Serving.Routing;

/// <summary>What a name resolves to on the hot path: a loaded runner and its telemetry.</summary>
/// <param name="Name">The name the client called (endpoint or model).</param>
/// <param name="Endpoint">The endpoint name, or null when the client called a model directly.</param>
/// <param name="Runner">The loaded runner serving the request.</param>
/// <param name="Telemetry">Pre-resolved instruments for this route.</param>
public sealed record ServingRoute(string Name, string? Endpoint, IModelRunner Runner, IRouteTelemetry Telemetry);
