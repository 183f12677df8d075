using Modelplane.Registry.Models;

namespace Modelplane.Governance.Policies;

/// <summary>
/// The one place deploy, promote and alias routes ask whether the workspace's policy admits a version: gathers the
/// version's facts and evaluates the stored policy. One per workspace, because the registry stores it reads are the workspace's.
/// </summary>
public sealed class AdmissionPolicies(
    PolicyStore policies, IModelStore models, IRegisteredModelStore registeredModels, IVersionSignatureKeys signatures)
{
    /// <summary>Every violation of the workspace's policy by <paramref name="version"/> for <paramref name="action"/>; empty when allowed or without a policy.</summary>
    public async Task<IReadOnlyList<PolicyViolation>> CheckAsync(string workspace, ModelVersion version, PolicyAction action, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (await policies.GetAsync(workspace, ct).ConfigureAwait(false) is not { } policy)
        {
            return [];
        }

        var model = await registeredModels.GetAsync(version.Model, ct).ConfigureAwait(false);
        var keys = await signatures.ValidKeysAsync(workspace, version, ct).ConfigureAwait(false);
        return PolicyEvaluator.Evaluate(policy.Document, VersionFacts.From(version, model?.Tags, keys), action);
    }

    /// <summary>As <see cref="CheckAsync(string, ModelVersion, PolicyAction, CancellationToken)"/> for a version named by model and number.</summary>
    /// <exception cref="Registry.Storage.ResourceNotFoundException">The version does not exist.</exception>
    public async Task<IReadOnlyList<PolicyViolation>> CheckAsync(string workspace, string model, int version, PolicyAction action, CancellationToken ct)
    {
        var found = await models.GetVersionAsync(model, version, ct).ConfigureAwait(false)
            ?? throw new Registry.Storage.ResourceNotFoundException($"Model '{model}' has no version {version}.");
        return await CheckAsync(workspace, found, action, ct).ConfigureAwait(false);
    }

    /// <summary>Returns when the policy admits the action; otherwise throws, which the hosts answer with 403 and every violation.</summary>
    /// <exception cref="PolicyRefusedException">At least one rule fails.</exception>
    public async Task EnsureAllowedAsync(string workspace, ModelVersion version, PolicyAction action, CancellationToken ct)
    {
        var violations = await CheckAsync(workspace, version, action, ct).ConfigureAwait(false);
        if (violations.Count > 0)
        {
            throw new PolicyRefusedException(action, $"{version.Model}@{version.Version}", violations);
        }
    }

    /// <summary>As <see cref="EnsureAllowedAsync(string, ModelVersion, PolicyAction, CancellationToken)"/> for a version named by model and number.</summary>
    public async Task EnsureAllowedAsync(string workspace, string model, int version, PolicyAction action, CancellationToken ct)
    {
        var violations = await CheckAsync(workspace, model, version, action, ct).ConfigureAwait(false);
        if (violations.Count > 0)
        {
            throw new PolicyRefusedException(action, $"{model}@{version}", violations);
        }
    }
}
