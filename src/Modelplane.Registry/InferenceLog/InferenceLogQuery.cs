using Modelplane.Registry.Models;

namespace Modelplane.Registry.InferenceLog;

/// <summary>Which logged predictions of one endpoint to read; every filter but the endpoint is optional, results come newest first.</summary>
/// <param name="Endpoint">The endpoint whose log is read.</param>
/// <param name="Version">Only predictions served by this version.</param>
/// <param name="Model">Only predictions served by this model (an endpoint may split across models).</param>
/// <param name="Since">Only predictions served at or after this time (inclusive).</param>
/// <param name="Until">Only predictions served before this time (exclusive), so consecutive windows never overlap.</param>
/// <param name="RequestId">Only predictions of this request (a shadowed request may have several).</param>
/// <param name="Limit">At most this many rows, from 1 to <see cref="MaxLimit"/>.</param>
public sealed record InferenceLogQuery(
    string Endpoint,
    int? Version = null,
    string? Model = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    string? RequestId = null,
    int Limit = 100)
{
    /// <summary>The largest <see cref="Limit"/>: enough for an export, small enough that one read cannot exhaust memory.</summary>
    public const int MaxLimit = 100_000;

    /// <summary>Throws <see cref="RegistryValidationException"/> naming the first problem, so the API can answer 400 with it.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Endpoint))
        {
            throw new RegistryValidationException("An inference log query needs an endpoint.");
        }

        if (Limit is < 1 or > MaxLimit)
        {
            throw new RegistryValidationException($"The limit must be from 1 to {MaxLimit}; {Limit} was given.");
        }

        if (Since is { } since && Until is { } until && until < since)
        {
            throw new RegistryValidationException("'until' is before 'since'.");
        }
    }
}
