using Modelplane.Serving;
using Modelplane.Serving.Mlflow;

namespace Modelplane.Server.Scoring;

/// <summary>The Content-Type rules of MLflow's scoring server: JSON or CSV, UTF-8 only, no other parameters (415 otherwise).</summary>
internal static class ScoringContentType
{
    private const string Json = "application/json";
    private const string Csv = "text/csv";

    public static MlflowContent Parse(string? header)
    {
        if (string.Equals(header, Json, StringComparison.OrdinalIgnoreCase))
        {
            return MlflowContent.Json;
        }
        if (string.IsNullOrWhiteSpace(header))
        {
            throw Unsupported("The request has no Content-Type; send application/json or text/csv.");
        }

        var text = header.AsSpan();
        var semicolon = text.IndexOf(';');
        var media = (semicolon < 0 ? text : text[..semicolon]).Trim();
        var content = media.Equals(Json, StringComparison.OrdinalIgnoreCase) ? MlflowContent.Json
            : media.Equals(Csv, StringComparison.OrdinalIgnoreCase) ? MlflowContent.Csv
            : throw Unsupported($"Content-Type '{header}' is not supported; send application/json or text/csv.");
        if (semicolon < 0)
        {
            return content;
        }

        var parameters = text[(semicolon + 1)..];
        foreach (var range in parameters.Split(';'))
        {
            var parameter = parameters[range].Trim();
            if (parameter.IsEmpty)
            {
                continue;
            }
            var equals = parameter.IndexOf('=');
            var name = (equals < 0 ? parameter : parameter[..equals]).Trim();
            var value = equals < 0 ? [] : parameter[(equals + 1)..].Trim().Trim('"');
            if (!name.Equals("charset", StringComparison.OrdinalIgnoreCase))
            {
                throw Unsupported($"Content-Type parameter '{name}' is not supported; only charset=utf-8 is.");
            }
            if (!value.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !value.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            {
                throw Unsupported($"The scoring server only supports UTF-8; the request's charset is '{value}'.");
            }
        }
        return content;
    }

    private static InferenceRequestException Unsupported(string message) => new(message, StatusCodes.Status415UnsupportedMediaType);
}
