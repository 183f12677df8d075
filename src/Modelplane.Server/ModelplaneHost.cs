namespace Modelplane.Server;

/// <summary>Builds the Modelplane web application; the <c>modelplane server</c> command and the tests both use it.</summary>
public static class ModelplaneHost
{
    /// <summary>Builds a configured, not yet started, application.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        var app = builder.Build();
        return app;
    }
}
