namespace Modelplane.Registry.Rollouts;

/// <summary>A request to start a rollout; the first step's share comes from <see cref="RolloutPlan.Steps"/>[0].</summary>
/// <param name="Endpoint">The endpoint whose traffic moves.</param>
/// <param name="BaselineModel">The model the endpoint serves now.</param>
/// <param name="BaselineVersion">The version the endpoint serves now; the store refuses any other.</param>
/// <param name="CanaryModel">The model of the new version.</param>
/// <param name="CanaryVersion">The new version.</param>
/// <param name="Plan">The steps, bake time and thresholds.</param>
/// <param name="Actor">Who starts it.</param>
public sealed record NewRollout(
    string Endpoint,
    string BaselineModel,
    int BaselineVersion,
    string CanaryModel,
    int CanaryVersion,
    RolloutPlan Plan,
    string Actor);
