namespace Modelplane.Registry.Endpoints;

/// <summary>A stable name that serves one model version; later issues turn the target into a traffic policy.</summary>
/// <param name="Name">The endpoint name clients call.</param>
/// <param name="Model">The served model.</param>
/// <param name="Version">The served version of <paramref name="Model"/>.</param>
/// <param name="CreatedAt">When the endpoint was created.</param>
/// <param name="UpdatedAt">When the served version last changed.</param>
/// <param name="State">A developer's sandbox or live.</param>
/// <param name="AnonymousPredictions">True when callers without a token may call it (live endpoints only, by an explicit setting).</param>
public sealed record Endpoint(
    string Name, string Model, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    EndpointState State = EndpointState.Live, bool AnonymousPredictions = false);
