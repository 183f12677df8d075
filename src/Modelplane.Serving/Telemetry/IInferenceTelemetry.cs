namespace Modelplane.Serving.Telemetry;

/// <summary>
/// Where inference outcomes are recorded. Instruments are resolved once per route, so the hot path only
/// bumps pre-resolved counters; labels come from registered names, never from what a client typed.
/// </summary>
public interface IInferenceTelemetry
{
    /// <summary>The recorder for one route; called when the route is built, not per request.</summary>
    IRouteTelemetry ForRoute(string? endpoint, string model, int version);

    /// <summary>The single recorder for requests that matched no model, so unknown names add no series.</summary>
    IRouteTelemetry Unrouted { get; }

    /// <summary>The recorder of one loaded version's loads and runtime executions; called when the version loads.</summary>
    IVersionTelemetry ForVersion(string model, int version);
}

/// <summary>Records the outcome of one request on a route.</summary>
public interface IRouteTelemetry
{
    /// <summary>Records a finished request.</summary>
    void Record(int statusCode, double seconds);

    /// <summary>
    /// Records a version's failed attempt that another version then answered for (a fallback): it counts against the
    /// version, but the caller's request is judged by its final answer, so endpoint objectives do not see it.
    /// </summary>
    void RecordAttempt(int statusCode, double seconds) => Record(statusCode, seconds);
}

/// <summary>Records what a loaded version does below the request level.</summary>
public interface IVersionTelemetry
{
    /// <summary>Records how long loading, verifying and warming up the version took.</summary>
    void RecordLoad(double seconds);

    /// <summary>Records one runtime execution over <paramref name="rows"/> rows (once per dynamic batch, not per request).</summary>
    void RecordExecution(long rows);
}
