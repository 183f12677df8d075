using System.Net;
using System.Net.Http.Json;
using Modelplane.Client;

namespace Modelplane.Server.Tests.Api;

/// <summary>Eight clients pushing the same model at once get distinct, consecutive version numbers.</summary>
public sealed class ConcurrentPushTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    [Fact]
    public async Task Push_EightClientsFivePushesEach_VersionsOneToFortyExactlyOnce()
    {
        var model = TestModels.UniqueName("race");
        var clients = Enumerable.Range(0, 8).Select(_ => app.CreateClient()).ToArray();

        var versions = await Task.WhenAll(clients.Select((client, c) => Task.Run(async () =>
        {
            var mine = new List<int>();
            for (var i = 0; i < 5; i++)
            {
                // Different bytes per push, so each version is its own blob as well as its own row.
                using var content = new ByteArrayContent(TestModels.Linear3(bias: (c * 10) + i));
                content.Headers.ContentType = new("application/octet-stream");
                using var response = await client.PostAsync($"/api/v1/models/{model}/versions", content, TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                var created = await response.Content.ReadFromJsonAsync(ModelplaneJson.Context.ModelVersionDto, TestContext.Current.CancellationToken);
                mine.Add(created!.Version);
            }

            return mine;
        })));

        Assert.Equal(Enumerable.Range(1, 40), versions.SelectMany(v => v).Order());
        var listed = await clients[0].GetFromJsonAsync($"/api/v1/models/{model}", ModelplaneJson.Context.ModelDto, TestContext.Current.CancellationToken);
        Assert.Equal(40, listed!.LatestVersion);
        Assert.Equal(40, listed.Versions.Select(v => v.Digest).Distinct().Count());
    }
}
