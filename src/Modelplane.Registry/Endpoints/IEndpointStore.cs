namespace Modelplane.Registry.Endpoints;

/// <summary>Persists endpoints.</summary>
public interface IEndpointStore
{
    /// <summary>Creates an endpoint serving an existing version.</summary>
    /// <exception cref="Storage.ResourceConflictException">An endpoint with that name exists.</exception>
    /// <exception cref="Storage.ResourceNotFoundException">The model version does not exist.</exception>
    Task<Endpoint> CreateAsync(string name, string model, int version, CancellationToken ct) =>
        CreateAsync(name, model, version, EndpointState.Live, ct);

    /// <summary>Creates an endpoint in <paramref name="state"/> serving an existing version, closed to anonymous callers.</summary>
    /// <exception cref="Storage.ResourceConflictException">An endpoint with that name exists.</exception>
    /// <exception cref="Storage.ResourceNotFoundException">The model version does not exist.</exception>
    Task<Endpoint> CreateAsync(string name, string model, int version, EndpointState state, CancellationToken ct);

    /// <summary>Returns the endpoint, or null.</summary>
    Task<Endpoint?> GetAsync(string name, CancellationToken ct);

    /// <summary>Lists all endpoints ordered by name.</summary>
    Task<IReadOnlyList<Endpoint>> ListAsync(CancellationToken ct);

    /// <summary>Points an existing endpoint at another existing version; any traffic split ends (that version takes every request).</summary>
    /// <exception cref="Storage.ResourceNotFoundException">The endpoint or the model version does not exist.</exception>
    Task<Endpoint> SetTargetAsync(string name, string model, int version, CancellationToken ct);

    /// <summary>Changes the state and/or whether anonymous callers may call it; null leaves a setting as it is.</summary>
    /// <exception cref="Storage.ResourceNotFoundException">The endpoint does not exist.</exception>
    /// <exception cref="Storage.ResourceConflictException">The endpoint would be open to anonymous callers while in the sandbox.</exception>
    Task<Endpoint> SetAccessAsync(string name, EndpointState? state, bool? anonymousPredictions, CancellationToken ct);

    /// <summary>Splits the endpoint's requests across versions (weights in percent summing to 100), or ends the split when empty.</summary>
    /// <exception cref="Storage.ResourceNotFoundException">The endpoint or one of the versions does not exist.</exception>
    /// <exception cref="Models.RegistryValidationException">The split breaks <see cref="TrafficRules"/>.</exception>
    Task<Endpoint> SetTrafficAsync(string name, IReadOnlyList<TrafficWeight> weights, string? stickyHeader, CancellationToken ct);

    /// <summary>Sets the endpoint's rate limits in requests per second (null: none), in all and per caller.</summary>
    /// <exception cref="Storage.ResourceNotFoundException">The endpoint does not exist.</exception>
    Task<Endpoint> SetRateLimitsAsync(string name, int? perSecond, int? perCallerPerSecond, CancellationToken ct);

    /// <summary>Replaces the endpoint's shadow, cascade and fallback (<see cref="EndpointPolicies.None"/> removes them all).</summary>
    /// <exception cref="Storage.ResourceNotFoundException">The endpoint or one of the versions does not exist.</exception>
    /// <exception cref="Models.RegistryValidationException">The policies are invalid (<see cref="EndpointPolicies.Problem"/>).</exception>
    Task<Endpoint> SetPoliciesAsync(string name, EndpointPolicies policies, CancellationToken ct);

    /// <summary>Sets what the endpoint keeps in the inference log, or with null stops logging it.</summary>
    /// <exception cref="Storage.ResourceNotFoundException">The endpoint does not exist.</exception>
    /// <exception cref="Models.RegistryValidationException">The settings are invalid (<see cref="InferenceLogging.Problem"/>).</exception>
    Task<Endpoint> SetLoggingAsync(string name, InferenceLogging? logging, CancellationToken ct);
}
