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

    public static IResult Error(int status, string message) =>
        TypedResults.Json(new ErrorDto(message), ModelplaneJson.Context.ErrorDto, "application/json", status);
}
