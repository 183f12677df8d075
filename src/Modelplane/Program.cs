using Modelplane.Cli;

return await CommandLine.InvokeAsync(args, CliEnvironment.FromConsole());
