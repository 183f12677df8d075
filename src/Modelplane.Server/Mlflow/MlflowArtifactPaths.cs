using Modelplane.Registry.Tracking.Artifacts;

namespace Modelplane.Server.Mlflow;

/// <summary>Reads an artifact path from a URL the way MLflow's <c>validate_path_is_safe</c> does: decoded until stable, then validated.</summary>
internal static class MlflowArtifactPaths
{
    // Each round undoes one layer of percent-encoding; more layers than this is an attack, not a file name.
    private const int MaxDecodeRounds = 4;

    /// <summary>
    /// Decodes <paramref name="raw"/> (so <c>%2e%2e</c>, <c>%2F</c> and <c>%252e</c> cannot smuggle a <c>..</c> or a
    /// separator past validation) and validates the result with <see cref="RunArtifactPaths.Validate"/>.
    /// </summary>
    /// <exception cref="Modelplane.Registry.Models.RegistryValidationException">The path is not a safe relative path.</exception>
    public static string Decode(string? raw, bool allowRoot)
    {
        var path = raw ?? "";
        for (var round = 0; ; round++)
        {
            var decoded = Uri.UnescapeDataString(path);
            if (decoded == path)
            {
                break;
            }

            if (round == MaxDecodeRounds)
            {
                throw new MlflowRequestException($"Invalid artifact path '{raw}': it is percent-encoded more than {MaxDecodeRounds} times.");
            }

            path = decoded;
        }

        // A listing of "model/" means the directory "model", as MLflow reads it.
        if (allowRoot && path.EndsWith('/'))
        {
            path = path[..^1];
        }

        RunArtifactPaths.Validate(path, allowRoot);
        return path;
    }
}
