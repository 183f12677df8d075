using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Modelplane.Governance.Audit;
using Modelplane.Governance.Identity;
using Modelplane.Governance.Policies;
using Modelplane.Governance.Secrets;
using Modelplane.Governance.Signing;
using Modelplane.Governance.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers governance: the control database and what is kept in it.</summary>
public static class GovernanceServiceCollectionExtensions
{
    /// <summary>Adds the control database (migrated at start) and the governance stores; needs the registry's options.</summary>
    public static IServiceCollection AddModelplaneGovernance(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ControlDatabase>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ControlDatabaseInitializer>());
        services.TryAddSingleton<IdentityStore>();
        services.TryAddSingleton<TokenAuthenticator>();
        // After the migration: hosted services start in registration order.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, IdentityBootstrap>(
            sp => new IdentityBootstrap(sp.GetRequiredService<ControlDatabase>(), sp.GetRequiredService<IdentityStore>())));
        services.TryAddSingleton<AuditLog>();
        services.TryAddSingleton<IAuditLog>(sp => sp.GetRequiredService<AuditLog>());
        services.TryAddSingleton<PolicyStore>();
        services.TryAddSingleton<IVersionSignatureKeys, VerifiedVersionSignatureKeys>();
        services.TryAddSingleton<AdmissionPolicies>();

        services.AddOptions<SecretOptions>().BindConfiguration(SecretOptions.Section);
        services.TryAddSingleton<SecretMasterKey>();
        services.TryAddSingleton(sp => new DerivedKeys(sp.GetRequiredService<SecretMasterKey>()));
        services.TryAddSingleton<SecretStore>();
        services.TryAddSingleton<ISecretResolver>(sp => sp.GetRequiredService<SecretStore>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SecretKeyInitializer>());
        services.TryAddSingleton<SigningKeyStore>();
        services.TryAddSingleton<ArtifactSignatureVerifier>();
        return services;
    }
}
