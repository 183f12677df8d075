using Modelplane.Client.Contracts;
using Modelplane.Registry.Endpoints;
using Modelplane.Registry.Lineage;
using Modelplane.Registry.Models;
using Modelplane.Serving.Oip;

namespace Modelplane.Server.Api;

/// <summary>Maps registry records to wire contracts by hand, one method per contract.</summary>
internal static class DtoMapping
{
    public static ModelVersionDto ToDto(this ModelVersion v) => new(
        v.Model,
        v.Version,
        v.Digest,
        v.SizeBytes,
        v.Format,
        new SignatureDto([.. v.Signature.Inputs.Select(ToDto)], [.. v.Signature.Outputs.Select(ToDto)]),
        v.Description,
        v.Tags,
        v.Metrics,
        v.CreatedAt)
    {
        Params = v.Params,
        Lineage = new LineageDto(
            v.Lineage.DatasetUri, v.Lineage.DatasetSha256, v.Lineage.CodeRepository, v.Lineage.CodeCommit, v.Lineage.RunId,
            v.Lineage.Parents, v.Lineage.CreatedBy),
        Approval = new ApprovalDto(VersionApproval.Name(v.Approval.Status), v.Approval.By, v.Approval.At, v.Approval.Comment),
        Aliases = v.Aliases,
        HasCard = v.HasCard,
        CreatedBy = v.Author,
        Signatures = [.. v.Signatures.Select(s => new VersionSignatureDto(s.Key, s.Fingerprint, s.SignedAt))],
    };

    public static AliasDto ToDto(this ModelAlias a) => new(a.Model, a.Alias, a.Version, a.UpdatedAt);

    public static LineageGraphDto ToDto(this LineageGraph g) => new(
        [.. g.Nodes.Select(n => new LineageNodeDto(n.Id, n.Type, n.Label, n.Properties))],
        [.. g.Edges.Select(e => new LineageEdgeDto(e.From, e.To, e.Type))]);

    public static TensorSpecDto ToDto(this TensorSpec t) => new(t.Name, OipDatatypes.Name(t.ElementType), t.Shape);

    public static ModelSummaryDto ToDto(this ModelSummary m) => new(m.Name, m.LatestVersion, m.VersionCount, m.CreatedAt, m.UpdatedAt);

    public static EndpointDto ToDto(this Registry.Endpoints.Endpoint e) => new(e.Name, e.Model, e.Version, e.CreatedAt, e.UpdatedAt)
    {
        State = Registry.Endpoints.EndpointStates.Name(e.State),
        AnonymousPredictions = e.AnonymousPredictions,
        Traffic = [.. e.Traffic.Select(t => new TrafficWeightDto(t.Model, t.Version, t.Weight))],
        StickyHeader = e.StickyHeader,
        RateLimit = e.RateLimit,
        CallerRateLimit = e.CallerRateLimit,
        Policies = new EndpointPoliciesDto(
            e.Policies.Shadow is { } s ? new ShadowPolicyDto(s.Model, s.Version, s.Percent) : null,
            e.Policies.Cascade is { } c ? new CascadePolicyDto(c.Model, c.Version, c.Threshold) : null,
            e.Policies.Fallback is { } f ? new FallbackPolicyDto(f.Model, f.Version) : null),
        Logging = e.Logging is { } l ? new InferenceLoggingDto(l.SampleRate, l.Retention.TotalDays, l.Redact) : null,
    };

    public static Registry.Endpoints.EndpointPolicies ToPolicies(this EndpointPoliciesDto p) => new(
        p.Shadow is { } s ? new Registry.Endpoints.ShadowPolicy(s.Model ?? "", s.Version, s.Percent) : null,
        p.Cascade is { } c ? new Registry.Endpoints.CascadePolicy(c.Model ?? "", c.Version, c.Threshold) : null,
        p.Fallback is { } f ? new Registry.Endpoints.FallbackPolicy(f.Model ?? "", f.Version) : null);

    /// <summary>What the route's policies did on this node; null when it has none in effect.</summary>
    public static PolicyStatsDto? PolicyStats(this Serving.Routing.ServingRoute? route)
    {
        if (route is null || !route.HasPolicies)
        {
            return null;
        }

        return new PolicyStatsDto
        {
            Shadow = route.Shadow?.Agreement.Snapshot() is { } a
                ? new ShadowStatsDto(a.Mirrored, a.Dropped, a.Failed, a.Compared, a.LabelMatchRate, a.MeanAbsoluteScoreDifference)
                : null,
            Cascade = route.Cascade is { } c
                ? new CascadeStatsDto(c.Answered, c.Escalated, c.Answered + c.Escalated == 0 ? null : (double)c.Escalated / (c.Answered + c.Escalated))
                : null,
            FallbackUsed = route.Fallback?.Used,
        };
    }
}
