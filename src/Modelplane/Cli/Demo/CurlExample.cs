namespace Modelplane.Cli.Demo;

/// <summary>A ready-to-paste <c>curl</c> for a prediction, quoted for POSIX shells.</summary>
internal static class CurlExample
{
    /// <summary>
    /// The command posting <paramref name="requestJson"/> to <c>{baseUrl}/v2/models/{endpoint}/infer</c>, with the token
    /// read from <paramref name="tokenFile"/> when the shell runs it (so the token itself is never printed).
    /// </summary>
    public static string Build(Uri baseUrl, string endpoint, string requestJson, string? tokenFile = null)
    {
        var root = baseUrl.AbsoluteUri.TrimEnd('/');
        var authorization = tokenFile is null ? "" : $" -H \"Authorization: Bearer $(cat {Quote(tokenFile)})\"";

        // The endpoint segment is percent-encoded, so the URL holds no character a shell would interpret.
        return $"curl -s{authorization} -H 'Content-Type: application/json' -d {Quote(requestJson)} {root}/v2/models/{Uri.EscapeDataString(endpoint)}/infer";
    }

    // Single quotes stop every shell expansion; a literal quote is closed, escaped and reopened.
    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
