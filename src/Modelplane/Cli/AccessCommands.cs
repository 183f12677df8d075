using System.CommandLine;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary><c>modelplane whoami</c>, <c>members ...</c> and <c>tokens ...</c>: who may do what in the workspace.</summary>
internal static class AccessCommands
{
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;

    private const string Roles = "viewer (read, predict), developer (+ push models), deployer (+ change traffic), approver (read + approve versions), admin (everything)";

    /// <summary>Builds <c>whoami</c>.</summary>
    public static Command BuildWhoAmI(CliEnvironment env)
    {
        var command = new Command("whoami", "Show the user or service account, workspace and role of the token in use.");
        ClientCommand.Configure(env, command, async (_, client, output, ct) =>
        {
            var me = await client.WhoAmIAsync(ct);
            if (output.Json)
            {
                output.WriteJson(me, Json.WhoAmIDto);
            }
            else
            {
                output.Line($"[bold]{me.Name.EscapeMarkup()}[/] in workspace [bold]{me.Workspace.EscapeMarkup()}[/] as {me.Role?.EscapeMarkup() ?? "anonymous"} (token {me.Token?.EscapeMarkup() ?? "none"})");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Builds the <c>members</c> command group.</summary>
    public static Command BuildMembers(CliEnvironment env)
    {
        var members = new Command("members", $"Users and service accounts of the workspace and their roles: {Roles}.");
        members.Subcommands.Add(ListMembers(env));
        members.Subcommands.Add(AddMember(env));
        members.Subcommands.Add(SetRole(env));
        members.Subcommands.Add(RemoveMember(env));
        return members;
    }

    /// <summary>Builds the <c>tokens</c> command group.</summary>
    public static Command BuildTokens(CliEnvironment env)
    {
        var tokens = new Command("tokens", "API tokens of the workspace: create (the secret is shown once), list, revoke, rotate.");
        tokens.Subcommands.Add(ListTokens(env));
        tokens.Subcommands.Add(CreateToken(env));
        tokens.Subcommands.Add(RevokeToken(env));
        tokens.Subcommands.Add(RotateToken(env));
        return tokens;
    }

    private static Argument<string> NameArgument() => new("NAME") { Description = "A user or service account name, e.g. alice or ci-pipeline" };

    private static Option<string> RoleOption(bool required) => new("--role")
    {
        Description = Roles,
        HelpName = "ROLE",
        Required = required,
    };

    private static Command ListMembers(CliEnvironment env)
    {
        var command = new Command("list", "List the workspace's members and their roles.");
        ClientCommand.Configure(env, command, async (_, client, output, ct) =>
        {
            var members = await client.ListMembersAsync(ct);
            if (output.Json)
            {
                output.WriteJson(members, Json.IReadOnlyListMemberDto);
                return ExitCodes.Success;
            }

            var table = CliOutput.Table("Name", "Kind", "Role", "Added", "By");
            foreach (var m in members)
            {
                table.AddRow(m.Name.EscapeMarkup(), m.Kind, m.Role, CliOutput.Time(m.AddedAt), m.AddedBy.EscapeMarkup());
            }

            output.Console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command AddMember(CliEnvironment env)
    {
        var name = NameArgument();
        var role = RoleOption(required: true);
        var serviceAccount = new Option<bool>("--service-account") { Description = "A program (CI, a pipeline) rather than a person" };
        var command = new Command("add", "Add a user or service account to the workspace with a role.") { name, role, serviceAccount }
            .WithExamples(
                "modelplane members add alice --role developer",
                "modelplane members add ci --role deployer --service-account");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var member = await client.AddMemberAsync(
                new AddMemberRequest(parse.GetRequiredValue(name), parse.GetRequiredValue(role), parse.GetValue(serviceAccount) ? "service_account" : "user"), ct);
            WriteMember(output, member, $"Added [bold]{member.Name.EscapeMarkup()}[/] as {member.Role}. Give them a token: modelplane tokens create --principal {member.Name.EscapeMarkup()}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command SetRole(CliEnvironment env)
    {
        var name = NameArgument();
        var role = RoleOption(required: true);
        var command = new Command("set-role", "Change a member's role; their tokens the new role does not cover are revoked.") { name, role };
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var member = await client.SetMemberRoleAsync(parse.GetRequiredValue(name), parse.GetRequiredValue(role), ct);
            WriteMember(output, member, $"[bold]{member.Name.EscapeMarkup()}[/] is now {member.Role}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command RemoveMember(CliEnvironment env)
    {
        var name = NameArgument();
        var command = new Command("remove", "Remove a member from the workspace and revoke their tokens in it.") { name };
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var member = parse.GetRequiredValue(name);
            await client.RemoveMemberAsync(member, ct);
            output.Line($"Removed [bold]{member.EscapeMarkup()}[/] and revoked their tokens.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ListTokens(CliEnvironment env)
    {
        var principal = new Option<string?>("--principal") { Description = "Only this member's tokens", HelpName = "NAME" };
        var command = new Command("list", "List the workspace's tokens (never their secrets).") { principal };
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var tokens = await client.ListTokensAsync(parse.GetValue(principal), ct);
            if (output.Json)
            {
                output.WriteJson(tokens, Json.IReadOnlyListApiTokenDto);
                return ExitCodes.Success;
            }

            var table = CliOutput.Table("Token", "Principal", "Role", "Status", "Expires", "Created", "Description");
            foreach (var t in tokens)
            {
                table.AddRow(
                    t.Id, t.Principal.EscapeMarkup(), t.Role, t.Status, t.ExpiresAt is { } e ? CliOutput.Time(e) : "never", CliOutput.Time(t.CreatedAt), (t.Description ?? "").EscapeMarkup());
            }

            output.Console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateToken(CliEnvironment env)
    {
        var principal = new Option<string?>("--principal") { Description = "Whose token (a member; default: you)", HelpName = "NAME" };
        var role = RoleOption(required: false);
        role.Description = "The token's role, at most the member's (default: the member's role)";
        var description = new Option<string?>("--description") { Description = "What the token is for", HelpName = "TEXT" };
        var days = new Option<int?>("--expires-in-days") { Description = "Lifetime in days (default 90; 0 never expires)", HelpName = "DAYS" };
        var command = new Command("create", "Create an API token; its secret is printed once, keep it safe.") { principal, role, description, days }
            .WithExamples(
                "modelplane tokens create --principal ci --role deployer --description 'release pipeline'",
                "modelplane tokens create --principal app --role viewer --expires-in-days 30");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var created = await client.CreateTokenAsync(
                new CreateTokenRequest(parse.GetValue(principal), parse.GetValue(role), parse.GetValue(description), parse.GetValue(days)), ct);
            WriteCreated(output, created, "Created");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command RevokeToken(CliEnvironment env)
    {
        var id = new Argument<string>("TOKEN") { Description = "The token's id as listed (mp_...)" };
        var command = new Command("revoke", "Revoke a token; it stops working within a second.") { id };
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var token = await client.RevokeTokenAsync(parse.GetRequiredValue(id), ct);
            if (output.Json)
            {
                output.WriteJson(token, Json.ApiTokenDto);
            }
            else
            {
                output.Line($"Revoked {token.Id} of {token.Principal.EscapeMarkup()}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command RotateToken(CliEnvironment env)
    {
        var id = new Argument<string>("TOKEN") { Description = "The token's id as listed (mp_...)" };
        var command = new Command("rotate", "Replace a token by a new one with the same principal, role and lifetime, and revoke the old one.") { id };
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var created = await client.RotateTokenAsync(parse.GetRequiredValue(id), ct);
            WriteCreated(output, created, "Rotated; new token");
            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteMember(CliOutput output, MemberDto member, string headline)
    {
        if (output.Json)
        {
            output.WriteJson(member, Json.MemberDto);
        }
        else
        {
            output.Line(headline);
        }
    }

    private static void WriteCreated(CliOutput output, CreatedApiTokenDto created, string verb)
    {
        if (output.Json)
        {
            output.WriteJson(created, Json.CreatedApiTokenDto);
            return;
        }

        var t = created.Token;
        output.Line($"{verb} {t.Id} for [bold]{t.Principal.EscapeMarkup()}[/] ({t.Role}, expires {(t.ExpiresAt is { } e ? CliOutput.Time(e) : "never")}). The secret is shown only now:");
        output.Raw(created.Secret);
    }
}
