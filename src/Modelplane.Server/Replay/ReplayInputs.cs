using System.Text;
using System.Text.Json;
using Modelplane.Registry.InferenceLog;

namespace Modelplane.Server.Replay;

/// <summary>
/// Turns a logged record back into a request the target can run, or says why it cannot: the log keeps inputs after
/// redaction and without binary tensor bytes, and keeps no answer worth comparing for a failed request.
/// </summary>
internal static class ReplayInputs
{
    /// <summary>The logged request did not succeed (status not 2xx, or no outputs kept): there is no answer to compare with.</summary>
    public const string FailedStatus = "failed-status";

    /// <summary>An input field was redacted: the log holds its keyed hash, not its value.</summary>
    public const string RedactedInput = "redacted-input";

    /// <summary>A tensor came in the OIP binary extension, whose bytes the log does not keep.</summary>
    public const string BinaryInput = "binary-input";

    /// <summary>The inputs were longer than the log's budget or not valid for their format, and were logged as a marker.</summary>
    public const string InputNotLogged = "input-not-logged";

    /// <summary>An MLflow scoring request (dataframe, CSV or tensor input): not replayed yet, only OIP requests are.</summary>
    public const string MlflowInput = "mlflow-input";

    /// <summary>The answer was logged as a marker (binary, too long or not JSON), so there is nothing to compare with.</summary>
    public const string OutputNotLogged = "output-not-logged";

    private const string HashPrefix = "hmac-sha256:";

    /// <summary>The OIP JSON request body that replays <paramref name="record"/>, or null with the reason it cannot be replayed.</summary>
    public static byte[]? OipBody(InferenceLogRecord record, out string? skipped)
    {
        skipped = record.Status is < 200 or > 299 || record.Outputs is null ? FailedStatus : null;
        if (skipped is not null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(record.Inputs);
        var inputs = document.RootElement;
        if (inputs.ValueKind == JsonValueKind.Object && (inputs.TryGetProperty("truncated", out _) || inputs.TryGetProperty("unparsed", out _)))
        {
            skipped = InputNotLogged;
            return null;
        }

        if (!IsOipInputs(inputs))
        {
            skipped = MlflowInput;
            return null;
        }

        foreach (var input in inputs.EnumerateArray())
        {
            if (!input.TryGetProperty("data", out var data) || data.ValueKind == JsonValueKind.Object)
            {
                // The logger writes {"redacted": hash} or {"binary_bytes": n} where the data stood.
                skipped = data.ValueKind == JsonValueKind.Object && data.TryGetProperty("redacted", out _) ? RedactedInput : BinaryInput;
                return null;
            }

            if (HasHash(data))
            {
                skipped = RedactedInput;
                return null;
            }
        }

        return Encoding.UTF8.GetBytes($$"""{"inputs":{{record.Inputs}}}""");
    }

    // OIP inputs are logged as the request's `inputs` array of named tensors; MLflow's as columns and rows or as given.
    private static bool IsOipInputs(JsonElement inputs) =>
        inputs.ValueKind == JsonValueKind.Array && inputs.GetArrayLength() > 0
        && inputs.EnumerateArray().All(i => i.ValueKind == JsonValueKind.Object && i.TryGetProperty("name", out _) && i.TryGetProperty("datatype", out _));

    // A BYTES tensor's elements are strings: a redacted one may be hashed element by element.
    private static bool HasHash(JsonElement data) => data.ValueKind switch
    {
        JsonValueKind.String => data.GetString()!.StartsWith(HashPrefix, StringComparison.Ordinal),
        JsonValueKind.Array => data.EnumerateArray().Any(HasHash),
        _ => false,
    };
}
