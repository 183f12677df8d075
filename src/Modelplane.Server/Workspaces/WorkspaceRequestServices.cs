namespace Modelplane.Server.Workspaces;

/// <summary>
/// A request's services while it acts in a workspace other than the default: the workspace's own services (registry,
/// serving table, handlers) come from its container, everything shared (identity, audit, policies, options, logging)
/// from the request's scope. Minimal API handlers and gRPC services resolve their parameters through it unchanged.
/// </summary>
internal sealed class WorkspaceRequestServices(WorkspaceHost workspace, IServiceProvider request)
    : IKeyedServiceProvider, IServiceProviderIsKeyedService
{
    public object? GetService(Type serviceType)
    {
        if (serviceType == typeof(IServiceProvider) || serviceType == typeof(IKeyedServiceProvider)
            || serviceType == typeof(IServiceProviderIsService) || serviceType == typeof(IServiceProviderIsKeyedService))
        {
            return this;
        }

        return workspace.Owns(serviceType) ? workspace.Services.GetService(serviceType) : request.GetService(serviceType);
    }

    public bool IsService(Type serviceType) =>
        workspace.Owns(serviceType) || request.GetService<IServiceProviderIsService>()?.IsService(serviceType) == true;

    // Workspaces register no keyed services; keyed ones (OpenAPI's document services, for one) are the application's.
    public object? GetKeyedService(Type serviceType, object? serviceKey) =>
        (request as IKeyedServiceProvider)?.GetKeyedService(serviceType, serviceKey);

    public object GetRequiredKeyedService(Type serviceType, object? serviceKey) =>
        GetKeyedService(serviceType, serviceKey) ?? throw new InvalidOperationException($"No keyed service {serviceType} for '{serviceKey}'.");

    public bool IsKeyedService(Type serviceType, object? serviceKey) =>
        request.GetService<IServiceProviderIsKeyedService>()?.IsKeyedService(serviceType, serviceKey) == true;
}
