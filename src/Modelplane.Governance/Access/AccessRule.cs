namespace Modelplane.Governance.Access;

/// <summary>
/// The one rule a route declares (as endpoint metadata): who may call it. A route without a rule is refused to
/// everyone, and a test fails when any registered route lacks one.
/// </summary>
public sealed class AccessRule
{
    private AccessRule(Permissions required, bool anonymous, bool anonymousWhenEndpointOpen)
    {
        Required = required;
        Anonymous = anonymous;
        AnonymousWhenEndpointOpen = anonymousWhenEndpointOpen;
    }

    /// <summary>Health and liveness: anyone, no token.</summary>
    public static AccessRule Public { get; } = new(Permissions.None, anonymous: true, anonymousWhenEndpointOpen: false);

    /// <summary>Calling a model: <see cref="Permissions.Predict"/>, or nobody at all for an endpoint opened to anonymous callers.</summary>
    public static AccessRule Prediction { get; } = new(Permissions.Predict, anonymous: false, anonymousWhenEndpointOpen: true);

    /// <summary>The permission needed, none for <see cref="Public"/>.</summary>
    public Permissions Required { get; }

    /// <summary>True when no token is needed.</summary>
    public bool Anonymous { get; }

    /// <summary>True when an endpoint's explicit setting may let anonymous callers through.</summary>
    public bool AnonymousWhenEndpointOpen { get; }

    /// <summary>A route that needs <paramref name="permission"/> in the caller's workspace.</summary>
    public static AccessRule Requires(Permissions permission) => permission switch
    {
        Permissions.Read => ReadRule,
        Permissions.Predict => Prediction,
        _ => new AccessRule(permission, anonymous: false, anonymousWhenEndpointOpen: false),
    };

    private static readonly AccessRule ReadRule = new(Permissions.Read, anonymous: false, anonymousWhenEndpointOpen: false);

    public override string ToString() => Anonymous ? "public" : AnonymousWhenEndpointOpen ? "predict (or anonymous when the endpoint is open)" : Required.ToString();
}
