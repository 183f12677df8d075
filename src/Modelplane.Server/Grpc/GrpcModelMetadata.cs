using System.Globalization;
using Modelplane.Registry.Formats;
using Modelplane.Registry.Models;
using Modelplane.Serving;
using Modelplane.Serving.Oip;
using Modelplane.Serving.Routing;
using Modelplane.Server.Grpc.Protocol;

namespace Modelplane.Server.Grpc;

/// <summary>Server and model metadata and readiness for the gRPC service, with the same answers as the REST routes.</summary>
internal sealed class GrpcModelMetadata(ServingTable table, IModelStore models)
{
    /// <summary>The server's name and version; no protocol extensions yet, as over REST.</summary>
    public static ServerMetadataResponse Server() => new()
    {
        Name = "modelplane",
        Version = typeof(GrpcModelMetadata).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
    };

    /// <summary>The route serving <paramref name="name"/> (and <paramref name="version"/>), or null when nothing can serve it now.</summary>
    public async Task<ServingRoute?> TryResolveAsync(string name, string version, CancellationToken ct)
    {
        try
        {
            return await GrpcRoutes.ResolveAsync(table, name, version, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ModelLoadException or InferenceRequestException)
        {
            return null;
        }
    }

    /// <summary>The model's versions, platform and tensors.</summary>
    /// <exception cref="Grpc.Core.RpcException">NOT_FOUND: nothing serves that name and version.</exception>
    public async Task<ModelMetadataResponse> DescribeAsync(string name, string version, CancellationToken ct)
    {
        var route = await TryResolveAsync(name, version, ct).ConfigureAwait(false) ?? throw GrpcRoutes.NotFound(name, version);
        var served = route.Runner.Version;
        var response = new ModelMetadataResponse { Name = name, Platform = Platform(served.Format) };
        foreach (var known in await models.ListVersionsAsync(served.Model, ct).ConfigureAwait(false))
        {
            response.Versions.Add(known.Version.ToString(CultureInfo.InvariantCulture));
        }
        response.Inputs.AddRange(served.Signature.Inputs.Select(ToTensor));
        response.Outputs.AddRange(served.Signature.Outputs.Select(ToTensor));
        return response;
    }

    // The platform names the REST metadata uses (KServe's runtime_format style).
    private static string Platform(string format) => format == ModelFormatNames.MlNet ? "mlnet_zip" : "onnxruntime_onnx";

    private static ModelMetadataResponse.Types.TensorMetadata ToTensor(TensorSpec spec)
    {
        var tensor = new ModelMetadataResponse.Types.TensorMetadata { Name = spec.Name, Datatype = OipDatatypes.Name(spec.ElementType) };
        tensor.Shape.AddRange(spec.Shape);
        return tensor;
    }
}
