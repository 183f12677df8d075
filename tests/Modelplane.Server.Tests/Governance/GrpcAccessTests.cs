using Grpc.Core;
using Grpc.Net.Client;
using Modelplane.Server.Grpc.Protocol;
using Modelplane.Testing.Http;

namespace Modelplane.Server.Tests.Governance;

/// <summary>The gRPC service is behind the same access rule as REST inference.</summary>
public sealed class GrpcAccessTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    [Fact]
    public async Task ModelInfer_WithoutToken_IsUnauthenticated()
    {
        using var channel = GrpcChannel.ForAddress(app.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = app.Server.CreateHandler() });
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(
            () => client.ServerMetadataAsync(new ServerMetadataRequest(), cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task ServerMetadata_WithToken_Answers()
    {
        using var channel = GrpcChannel.ForAddress(
            app.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = new BearerTokenHandler(app.AdminToken, app.Server.CreateHandler()) });
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);

        var metadata = await client.ServerMetadataAsync(new ServerMetadataRequest(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("modelplane", metadata.Name);
    }
}
