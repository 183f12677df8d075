using Modelplane.Client.Contracts;
using Modelplane.Registry.Endpoints;
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
        v.CreatedAt);

    public static TensorSpecDto ToDto(this TensorSpec t) => new(t.Name, OipDatatypes.Name(t.ElementType), t.Shape);

    public static ModelSummaryDto ToDto(this ModelSummary m) => new(m.Name, m.LatestVersion, m.VersionCount, m.CreatedAt, m.UpdatedAt);

    public static EndpointDto ToDto(this Registry.Endpoints.Endpoint e) => new(e.Name, e.Model, e.Version, e.CreatedAt, e.UpdatedAt);
}
