namespace Modelplane.Serving.Mlflow;

/// <summary>The <c>error_code</c> values of MLflow's error body that the scoring protocol answers with.</summary>
public static class MlflowErrorCodes
{
    /// <summary>The request is malformed: not JSON, no or several input fields, rows that do not fit the model.</summary>
    public const string BadRequest = "BAD_REQUEST";

    /// <summary>A field holds a value of the wrong kind, for example <c>params</c> that is not an object.</summary>
    public const string InvalidParameterValue = "INVALID_PARAMETER_VALUE";

    /// <summary>No endpoint or model has the name called.</summary>
    public const string ResourceDoesNotExist = "RESOURCE_DOES_NOT_EXIST";

    /// <summary>The body or its element count is over a configured limit.</summary>
    public const string RequestLimitExceeded = "REQUEST_LIMIT_EXCEEDED";

    /// <summary>The version is at capacity or loading; retry later.</summary>
    public const string TemporarilyUnavailable = "TEMPORARILY_UNAVAILABLE";

    /// <summary>The call waited longer than its timeout.</summary>
    public const string DeadlineExceeded = "DEADLINE_EXCEEDED";

    /// <summary>A fault of the server.</summary>
    public const string InternalError = "INTERNAL_ERROR";

    private const string DataKey = "mlflow_error_code";

    /// <summary>The code the codec attached to <paramref name="exception"/>, or null when it attached none.</summary>
    public static string? Of(Exception exception) =>
        exception is InferenceRequestException && exception.Data.Contains(DataKey) ? exception.Data[DataKey] as string : null;

    /// <summary>The code for an HTTP status when the codec attached none.</summary>
    public static string ForStatus(int status) => status switch
    {
        404 => ResourceDoesNotExist,
        413 => RequestLimitExceeded,
        429 or 503 => TemporarilyUnavailable,
        504 => DeadlineExceeded,
        >= 400 and < 500 => BadRequest,
        _ => InternalError,
    };

    /// <summary>A 400 whose code is <see cref="InvalidParameterValue"/> (the exception's data dictionary is only built on this error path).</summary>
    internal static InferenceRequestException InvalidValue(string message)
    {
        var exception = new InferenceRequestException(message);
        exception.Data[DataKey] = InvalidParameterValue;
        return exception;
    }
}
