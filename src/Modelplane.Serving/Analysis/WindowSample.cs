namespace Modelplane.Serving.Analysis;

/// <summary>A copy of a <see cref="VersionWindow"/>, which analysis can read while the live window keeps changing.</summary>
/// <param name="Requests">Requests counted since the window began (499s excluded).</param>
/// <param name="Errors">Of those, the ones answered with a 5xx status.</param>
/// <param name="Latencies">The latest request latencies in seconds, in no particular order; at most the window's capacity,
/// so percentiles describe recent traffic while <paramref name="Requests"/> covers the whole window.</param>
/// <param name="Predictions">The latest predictions (class labels or scores), in no particular order.</param>
public sealed record WindowSample(long Requests, long Errors, double[] Latencies, double[] Predictions);
