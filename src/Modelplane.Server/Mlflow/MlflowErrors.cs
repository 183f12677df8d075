using Modelplane.Registry.Models;
using Modelplane.Registry.Storage;
using Modelplane.Registry.Tracking.Search;

namespace Modelplane.Server.Mlflow;

/// <summary>MLflow's error body and status codes: <c>{"error_code": "...", "message": "..."}</c>.</summary>
internal static class MlflowErrors
{
    public const string InvalidParameterValue = "INVALID_PARAMETER_VALUE";
    public const string ResourceDoesNotExist = "RESOURCE_DOES_NOT_EXIST";
    public const string ResourceAlreadyExists = "RESOURCE_ALREADY_EXISTS";
    public const string EndpointNotFound = "ENDPOINT_NOT_FOUND";
    public const string InvalidState = "INVALID_STATE";
    public const string PermissionDenied = "PERMISSION_DENIED";

    public static IResult Error(int status, string code, string message) =>
        TypedResults.Json(new MlflowErrorDto(code, message), MlflowJsonContext.Default.MlflowErrorDto, statusCode: status);

    public static IResult Invalid(string message) => Error(StatusCodes.Status400BadRequest, InvalidParameterValue, message);

    public static IResult NotFound(string message) => Error(StatusCodes.Status404NotFound, ResourceDoesNotExist, message);

    /// <summary>An endpoint filter that turns the registry's exceptions into MLflow errors; anything else goes to the host's handler.</summary>
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (Map(ex) is { } error)
        {
            return error;
        }
    }

    private static IResult? Map(Exception ex) => ex switch
    {
        RegistryValidationException or SearchFilterException or MlflowRequestException => Invalid(ex.Message),
        ResourceNotFoundException => NotFound(ex.Message),

        // The same text as the management API's refusal, which lists every failed rule.
        global::Modelplane.Governance.Policies.PolicyRefusedException => Error(StatusCodes.Status403Forbidden, PermissionDenied, ex.Message),

        // MLflow answers a taken name with 400, not 409.
        ResourceConflictException => Error(StatusCodes.Status400BadRequest, ResourceAlreadyExists, ex.Message),

        // Something Modelplane serves depends on it: MLflow has no such case, so the closest state error, as a 409.
        ResourceInUseException => Error(StatusCodes.Status409Conflict, InvalidState, ex.Message),
        _ => null,
    };
}

/// <summary>The request body or query cannot be read as the operation's message.</summary>
internal sealed class MlflowRequestException(string message) : Exception(message);
