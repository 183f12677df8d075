using Modelplane.Client.Contracts;

namespace Modelplane.Client;

public sealed partial class ModelplaneClient
{
    /// <summary>Gets how a version runs when served (<c>GET .../versions/{v}/execution</c>).</summary>
    public Task<VersionExecutionDto> GetExecutionAsync(string name, string versionOrAlias, CancellationToken ct = default)
        => GetAsync($"{VersionPath(name, versionOrAlias)}/execution", Json.VersionExecutionDto, ct);

    /// <summary>
    /// Replaces how a version runs (<c>PUT .../versions/{v}/execution</c>); members left null take the server's defaults.
    /// A loaded version is loaded again with the settings and its routes switch to it without dropping requests.
    /// </summary>
    /// <param name="name">The model name.</param>
    /// <param name="versionOrAlias">A version number or alias.</param>
    /// <param name="settings">The complete new settings.</param>
    /// <param name="force">Allow more ONNX Runtime threads than the server has processors.</param>
    /// <param name="ct">Cancels the call.</param>
    public Task<VersionExecutionDto> SetExecutionAsync(string name, string versionOrAlias, ExecutionSettingsDto settings, bool force = false, CancellationToken ct = default)
        => SendJsonAsync(
            HttpMethod.Put,
            $"{VersionPath(name, versionOrAlias)}/execution{(force ? "?force=true" : "")}",
            settings,
            Json.ExecutionSettingsDto,
            Json.VersionExecutionDto,
            ct);
}
