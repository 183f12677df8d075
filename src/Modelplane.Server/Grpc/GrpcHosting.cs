using System.ComponentModel.DataAnnotations;
using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Modelplane.Governance.Access;
using Modelplane.Serving;

namespace Modelplane.Server.Grpc;

/// <summary>Registers and maps the Open Inference Protocol's gRPC service and gives it its HTTP/2 listener.</summary>
internal static class GrpcHosting
{
    /// <summary>Adds the gRPC service and, unless <c>Modelplane:Grpc:Url</c> is empty, an HTTP/2 listener for it.</summary>
    /// <exception cref="OptionsValidationException">The configured URL is not one http(s) address.</exception>
    public static WebApplicationBuilder AddModelplaneGrpc(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<GrpcOptions>()
            .BindConfiguration(GrpcOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddGrpc();
        // One limit for both transports: a request REST would refuse with 413 is refused here with RESOURCE_EXHAUSTED.
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<ServingOptions>>((grpc, serving) =>
            grpc.MaxReceiveMessageSize = (int)Math.Min(int.MaxValue, serving.Value.MaxRequestBytes));
        // The service and what it reads are per workspace: see WorkspaceServices.

        // The listener is chosen while the host is built, before options exist, so the URL is read and checked here.
        var options = new GrpcOptions();
        if (builder.Configuration.GetSection(GrpcOptions.Section)[nameof(GrpcOptions.Url)] is { } configured)
        {
            options.Url = configured;
        }
        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true))
        {
            throw new OptionsValidationException(GrpcOptions.Section, typeof(GrpcOptions), errors.Select(e => e.ErrorMessage ?? "invalid"));
        }
        if (options.Enabled)
        {
            KestrelListeners.AddHttp2Listener(builder, options.Url!);
        }
        return builder;
    }

    /// <summary>Maps <c>inference.GRPCInferenceService</c>.</summary>
    public static IEndpointRouteBuilder MapModelplaneGrpc(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<OpenInferenceGrpcService>().RequirePredictAccess();
        return app;
    }
}
