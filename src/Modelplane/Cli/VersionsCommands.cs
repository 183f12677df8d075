using System.CommandLine;

namespace Modelplane.Cli;

/// <summary><c>modelplane versions approve|reject</c>: the review flow of a version.</summary>
internal static class VersionsCommands
{
    /// <summary>Builds the <c>versions</c> command group.</summary>
    public static Command Build(CliEnvironment env)
    {
        var versions = new Command(
            "versions",
            "Review versions: approve or reject as the calling principal (pending/approved/rejected, with who and when). A policy's risk_tier rule needs an approval by someone other than the version's author.");
        versions.Subcommands.Add(ModelsMetadataCommands.BuildApprove(env));
        versions.Subcommands.Add(ModelsMetadataCommands.BuildReject(env));
        return versions;
    }
}
