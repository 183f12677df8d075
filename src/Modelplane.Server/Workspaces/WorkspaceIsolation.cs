namespace Modelplane.Server.Workspaces;

/// <summary>
/// The rule that keeps a workspace's request from reaching the default workspace's data: a service the application
/// shares across workspaces must not take a per-workspace service (a store, the serving table) in its constructor,
/// since a workspace's request would then get the shared instance, built over the default workspace's registry.
/// Checked at start, so a registration that breaks the rule stops the server instead of leaking data.
/// </summary>
internal static class WorkspaceIsolation
{
    /// <exception cref="InvalidOperationException">A shared Modelplane service depends on a per-workspace one.</exception>
    public static void EnsureNothingSharedCapturesAWorkspace(IServiceCollection application)
    {
        var owned = WorkspaceHost.OwnedTypes(new ServiceCollection().AddWorkspaceServices());
        var problems = new List<string>();
        foreach (var descriptor in application)
        {
            if (descriptor.IsKeyedService || owned.Contains(descriptor.ServiceType)
                || descriptor.ImplementationType is not { } implementation
                || implementation.Namespace?.StartsWith("Modelplane", StringComparison.Ordinal) != true)
            {
                continue;
            }

            foreach (var parameter in implementation.GetConstructors().SelectMany(c => c.GetParameters()))
            {
                if (owned.Contains(parameter.ParameterType) && !parameter.ParameterType.Namespace!.StartsWith("Microsoft", StringComparison.Ordinal))
                {
                    problems.Add($"{implementation.Name} (shared by all workspaces) takes {parameter.ParameterType.Name} (one per workspace)");
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                $"Workspace isolation: {string.Join("; ", problems.Distinct())}. Register the service in WorkspaceServices.AddWorkspaceServices instead.");
        }
    }
}
