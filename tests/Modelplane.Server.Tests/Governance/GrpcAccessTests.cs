using Grpc.Core;
using Grpc.Net.Client;
using Modelplane.Server.Grpc.Protocol;
using Modelplane.Server.Tests.Grpc;
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

    [Fact]
    public async Task ModelInfer_WithAWorkspacesToken_ServesThatWorkspacesModel()
    {
        var ct = TestContext.Current.CancellationToken;
        var token = await app.CreateWorkspaceAsync("grpc-ws");
        await app.PushAsync("grpc-model", TestModels.Linear3(bias: 40), token: token);

        using var channel = GrpcChannel.ForAddress(
            app.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = new BearerTokenHandler(token, app.Server.CreateHandler()) });
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
        var response = await client.ModelInferAsync(GrpcTestClient.Linear3("grpc-model", [1, 1, 1]), cancellationToken: ct);

        Assert.Equal([46f], GrpcTestClient.Output<float>(response, "y"));
        await GrpcTestClient.FailsAsync(
            StatusCode.NotFound, "grpc-model", () => GrpcTestClient.Create(app).ModelInferAsync(GrpcTestClient.Linear3("grpc-model", [1, 1, 1]), cancellationToken: ct).ResponseAsync);
    }
}
