using System.CommandLine;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary><c>modelplane workspaces list|create|delete</c>: the operator's commands (an admin token of the default workspace).</summary>
internal static class WorkspacesCommands
{
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;

    /// <summary>Builds the <c>workspaces</c> command group.</summary>
    public static Command Build(CliEnvironment env)
    {
        var workspaces = new Command(
            "workspaces",
            "Workspaces own models, endpoints, members, tokens, secrets, keys and policies; callers never see another workspace's. Needs an admin token of the default workspace.");
        workspaces.Subcommands.Add(List(env));
        workspaces.Subcommands.Add(Create(env));
        workspaces.Subcommands.Add(Delete(env));
        return workspaces;
    }

    private static Argument<string> NameArgument() => new("NAME") { Description = "1-40 of a-z, 0-9 and '-', e.g. team-fraud" };

    private static Command List(CliEnvironment env)
    {
        var command = new Command("list", "List every workspace.");
        ClientCommand.Configure(env, command, async (_, client, output, ct) =>
        {
            var workspaces = await client.ListWorkspacesAsync(ct);
            if (output.Json)
            {
                output.WriteJson(workspaces, Json.IReadOnlyListWorkspaceDto);
                return ExitCodes.Success;
            }

            var table = CliOutput.Table("Name", "Description", "Created", "By");
            foreach (var w in workspaces)
            {
                table.AddRow(w.Name.EscapeMarkup(), (w.Description ?? "").EscapeMarkup(), CliOutput.Time(w.CreatedAt), w.CreatedBy.EscapeMarkup());
            }

            output.Console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Create(CliEnvironment env)
    {
        var name = NameArgument();
        var description = new Option<string?>("--description") { Description = "What the workspace is for", HelpName = "TEXT" };
        var command = new Command("create", "Create a workspace; you become its admin and get its first admin token, printed once.") { name, description }
            .WithExamples(
                "modelplane workspaces create team-fraud --description \"Fraud models\"",
                "MODELPLANE_TOKEN=$(modelplane workspaces create team-fraud --json | jq -r .admin_token.secret) modelplane whoami");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var created = await client.CreateWorkspaceAsync(new CreateWorkspaceRequest(parse.GetRequiredValue(name), parse.GetValue(description)), ct);
            if (output.Json)
            {
                output.WriteJson(created, Json.CreatedWorkspaceDto);
                return ExitCodes.Success;
            }

            var token = created.AdminToken.Token;
            output.Line(
                $"Created workspace [bold]{created.Workspace.Name.EscapeMarkup()}[/] with you as its admin. Its admin token {token.Id} " +
                $"(expires {(token.ExpiresAt is { } e ? CliOutput.Time(e) : "never")}) is shown only now; use it with --token or MODELPLANE_TOKEN:");
            output.Raw(created.AdminToken.Secret);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Delete(CliEnvironment env)
    {
        var name = NameArgument();
        var command = new Command(
            "delete",
            "Delete a workspace with its models, endpoints, data folder, members, tokens, secrets, keys and policy. Its audit records are kept, so its name cannot be reused.")
        {
            name,
        };
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var workspace = parse.GetRequiredValue(name);
            await client.DeleteWorkspaceAsync(workspace, ct);
            output.Line($"Deleted workspace [bold]{workspace.EscapeMarkup()}[/].");
            return ExitCodes.Success;
        });
        return command;
    }
}
