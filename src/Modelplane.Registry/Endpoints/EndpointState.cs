namespace Modelplane.Registry.Endpoints;

/// <summary>Whether an endpoint is a developer's trial or serves production callers.</summary>
public enum EndpointState
{
    /// <summary>Created by a developer: callable with a token of the workspace, never anonymously, until a deployer makes it live.</summary>
    Sandbox,

    /// <summary>Serves production traffic; may be opened to anonymous callers by an explicit setting.</summary>
    Live,
}

/// <summary>The wire names of <see cref="EndpointState"/>: <c>sandbox</c> and <c>live</c>.</summary>
public static class EndpointStates
{
    public static string Name(EndpointState state) => state == EndpointState.Sandbox ? "sandbox" : "live";

    public static bool TryParse(string? text, out EndpointState state)
    {
        state = text switch
        {
            "sandbox" => EndpointState.Sandbox,
            _ => EndpointState.Live,
        };
        return text is "sandbox" or "live";
    }
}
