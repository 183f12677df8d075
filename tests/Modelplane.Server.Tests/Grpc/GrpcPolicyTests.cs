using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Server.Grpc.Protocol;

namespace Modelplane.Server.Tests.Grpc;

/// <summary>An endpoint's fallback and shadow hold for <c>ModelInfer</c> over gRPC as they do over REST.</summary>
public sealed class GrpcPolicyTests(FaultInjectionAppFactory app) : IClassFixture<FaultInjectionAppFactory>
{
    private readonly GRPCInferenceService.GRPCInferenceServiceClient _client = GrpcTestClient.Create(app);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FailingVersion_TheFallbackAnswers_AndTheShadowIsCompared()
    {
        var model = TestModels.UniqueName("grpc");
        await app.PushAsync(model, TestModels.Linear3(0.5f));
        await app.PushAsync(model, TestModels.Linear3(100.5f));
        await app.PushAsync(model, TestModels.Linear3(1.5f));
        await app.CreateEndpointAsync(model, model, 2);
        using (var set = await app.CreateClient().PutAsJsonAsync(
            $"/api/v1/endpoints/{model}/policies",
            new EndpointPoliciesDto(new ShadowPolicyDto(model, 3, 100), null, new FallbackPolicyDto(model, 1)),
            ModelplaneJsonContext.Default.EndpointPoliciesDto,
            Ct))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        app.Fail(model, 2);
        for (var i = 0; i < 10; i++)
        {
            var response = await _client.ModelInferAsync(GrpcTestClient.Linear3(model, [1, 1, 1]), cancellationToken: Ct);
            Assert.Equal(("1", 6.5f), (response.ModelVersion, GrpcTestClient.Output<float>(response, "y")[0]));
        }

        var clock = Stopwatch.StartNew();
        PolicyStatsDto stats;
        do
        {
            stats = (await app.CreateClient().GetFromJsonAsync($"/api/v1/endpoints/{model}", ModelplaneJsonContext.Default.EndpointDto, Ct))!.PolicyStats!;
        }
        while (stats.Shadow!.Compared + stats.Shadow.Dropped < 10 && clock.Elapsed < TimeSpan.FromSeconds(30));

        Assert.Equal(10, stats.FallbackUsed);
        Assert.Equal(10, stats.Shadow.Compared + stats.Shadow.Dropped);
        Assert.Equal(1.0, stats.Shadow.MeanAbsoluteScoreDifference); // 7.5 against the fallback's 6.5
    }
}
