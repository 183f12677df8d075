using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Modelplane.Governance.Access;

/// <summary>Declares a route's <see cref="AccessRule"/>; every route declares exactly one.</summary>
public static class AccessConventions
{
    /// <summary>The route needs <paramref name="permissions"/> in the caller's workspace.</summary>
    public static TBuilder RequireAccess<TBuilder>(this TBuilder builder, Permissions permissions)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(AccessRule.Requires(permissions));

    /// <summary>The route is open to anyone without a token (health and liveness only).</summary>
    public static TBuilder AllowPublicAccess<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(AccessRule.Public);

    /// <summary>The route calls a model: <see cref="Permissions.Predict"/>, or anonymous for endpoints opened explicitly.</summary>
    public static TBuilder RequirePredictAccess<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(AccessRule.Prediction);

    /// <summary>The caller the access middleware attached to this request, or null before it ran.</summary>
    public static Caller? GetCaller(this HttpContext context) => context.Features.Get<Caller>();
}
