using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Server.Hosting;

/// <summary>Every error body the server writes: <c>{"error": "..."}</c>, the Open Inference Protocol's shape, used by all routes.</summary>
internal static class ErrorResults
{
    public static Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ErrorDto(message), ModelplaneJson.Context.ErrorDto, "application/json", context.RequestAborted);
    }

    /// <summary>Writes the 403 of a refused deploy, promote or alias: the summary and every failed rule.</summary>
    public static Task WritePolicyRefusalAsync(HttpContext context, global::Modelplane.Governance.Policies.PolicyRefusedException refused)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        var body = new PolicyRefusalDto(refused.Message, Api.PoliciesApi.ToDto(refused.Violations));
        return context.Response.WriteAsJsonAsync(body, ModelplaneJson.Context.PolicyRefusalDto, "application/json", context.RequestAborted);
    }

    public static IResult Error(int status, string message) =>
        TypedResults.Json(new ErrorDto(message), ModelplaneJson.Context.ErrorDto, "application/json", status);
}
