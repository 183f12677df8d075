using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Server.Oip;

/// <summary>Writes error bodies in the Open Inference Protocol's shape: <c>{"error": "..."}</c>.</summary>
internal static class OipResults
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

    public static IResult Error(int status, string message) =>
        TypedResults.Json(new ErrorDto(message), ModelplaneJson.Context.ErrorDto, "application/json", status);
}
