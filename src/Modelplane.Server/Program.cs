using Modelplane.Server.Hosting;

var app = ModelplaneHost.Build(args);
await app.RunAsync();

/// <summary>Entry point; public so that WebApplicationFactory can host the server in tests.</summary>
public partial class Program;
