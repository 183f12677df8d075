namespace Modelplane.Server.Rollouts;

/// <summary>The workspace a workspace's own services act in, for what they record without a request (the controller's audit records).</summary>
internal sealed record WorkspaceScope(string Name);
