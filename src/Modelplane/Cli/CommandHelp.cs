using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace Modelplane.Cli;

/// <summary>Adds an "Examples:" section to a command's <c>--help</c>; System.CommandLine has no such section, and putting examples in the description would repeat them in every parent's command list.</summary>
internal static class CommandHelp
{
    private static readonly ConditionalWeakTable<Command, string> Examples = new();

    /// <summary>Attaches example lines to <paramref name="command"/> and returns it.</summary>
    public static T WithExamples<T>(this T command, params string[] lines)
        where T : Command
    {
        Examples.AddOrUpdate(command, string.Join(Environment.NewLine, lines.Select(l => "  " + l)));
        return command;
    }

    /// <summary>Makes the root's <c>--help</c> print the examples of the command asked about.</summary>
    public static void Install(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        if (help.Action is HelpAction inner)
        {
            help.Action = new WithExamplesAction(inner);
        }
    }

    private sealed class WithExamplesAction(HelpAction inner) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var result = inner.Invoke(parseResult);
            if (Examples.TryGetValue(parseResult.CommandResult.Command, out var examples))
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Examples:");
                output.WriteLine(examples);
                output.WriteLine();
            }

            return result;
        }
    }
}
