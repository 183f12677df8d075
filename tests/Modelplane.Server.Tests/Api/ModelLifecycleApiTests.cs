using System.Net;
using System.Net.Http.Json;
using System.Text;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Server.Tests.Api;

/// <summary>A server whose blob collector has no grace period, so a purge deletes the blobs it freed at once.</summary>
public sealed class ZeroGraceAppFactory() : ModelplaneAppFactory(new() { ["Modelplane:ArtifactCollection:GracePeriod"] = "00:00:00" });

public sealed class ModelLifecycleApiTests(ZeroGraceAppFactory app) : IClassFixture<ZeroGraceAppFactory>
{
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;
    private readonly HttpClient _client = app.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DeleteVersion_Unused_Returns200RecordAndVersionRoute404()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3(1));
        await app.PushAsync(model, TestModels.Linear3(2));

        using var delete = await _client.DeleteAsync($"/api/v1/models/{model}/versions/2?reason=bad%20data&deleted_by=ana", Ct);
        using var get = await _client.GetAsync($"/api/v1/models/{model}/versions/2", Ct);
        var remaining = await _client.GetFromJsonAsync($"/api/v1/models/{model}", Json.ModelDto, Ct);

        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        var record = (await delete.Content.ReadFromJsonAsync(Json.DeletedVersionDto, Ct))!;
        Assert.Equal((model, 2, "ana", "bad data", false), (record.Model, record.Version, record.DeletedBy, record.Reason, record.WithModel));
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(1, remaining!.LatestVersion);
        Assert.Equal([1], remaining.Versions.Select(v => v.Version));
    }

    [Fact]
    public async Task DeleteVersion_ServedByEndpoint_Returns409NamingEndpoint()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());
        var endpoint = TestModels.UniqueName("e");
        await app.CreateEndpointAsync(endpoint, model, 1);

        using var delete = await _client.DeleteAsync($"/api/v1/models/{model}/versions/1", Ct);
        using var deleteModel = await _client.DeleteAsync($"/api/v1/models/{model}", Ct);

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict), (delete.StatusCode, deleteModel.StatusCode));
        Assert.Equal(
            $"Model '{model}' version 1 is in use: endpoint '{endpoint}' serves version 1. Point them at another version (or delete them) first.",
            (await delete.Content.ReadFromJsonAsync(Json.ErrorDto, Ct))!.Error);
    }

    [Fact]
    public async Task DeleteVersion_ByAliasWithRemoveAliases_DeletesAndDropsAlias()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());
        await app.PushAsync(model, TestModels.Linear3(3));
        (await _client.PutAsync($"/api/v1/models/{model}/aliases/champion", new StringContent("""{"version":2}""", Encoding.UTF8, "application/json"), Ct)).Dispose();

        using var refused = await _client.DeleteAsync($"/api/v1/models/{model}/versions/champion", Ct);
        using var deleted = await _client.DeleteAsync($"/api/v1/models/{model}/versions/champion?remove_aliases=true", Ct);
        var aliases = await _client.GetFromJsonAsync($"/api/v1/models/{model}/aliases", Json.IReadOnlyListAliasDto, Ct);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("named by alias 'champion'", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(2, (await deleted.Content.ReadFromJsonAsync(Json.DeletedVersionDto, Ct))!.Version);
        Assert.Empty(aliases!);
    }

    [Theory]
    [InlineData("versions/1?remove_aliases=maybe", HttpStatusCode.BadRequest, "remove_aliases must be true or false")]
    [InlineData("versions/9", HttpStatusCode.NotFound, "has no version 9")]
    [InlineData("versions/0", HttpStatusCode.BadRequest, "neither a positive integer nor a valid alias")]
    public async Task DeleteVersion_BadRequest_AnswersStatusNamingProblem(string path, HttpStatusCode status, string message)
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());

        using var response = await _client.DeleteAsync($"/api/v1/models/{model}/{path}", Ct);

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(message, (await response.Content.ReadFromJsonAsync(Json.ErrorDto, Ct))!.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteVersion_Twice_Second409AlreadyDeleted()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());
        (await _client.DeleteAsync($"/api/v1/models/{model}/versions/1", Ct)).Dispose();

        using var again = await _client.DeleteAsync($"/api/v1/models/{model}/versions/1", Ct);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal($"Model '{model}' version 1 is already deleted.", (await again.Content.ReadFromJsonAsync(Json.ErrorDto, Ct))!.Error);
    }

    [Fact]
    public async Task DeleteModel_ThenPush_Returns409UntilRestored()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());

        using var delete = await _client.DeleteAsync($"/api/v1/models/{model}?reason=retired", Ct);
        using var push = await PushRawAsync(model);
        using var restore = await _client.PostAsync($"/api/v1/models/{model}/restore", null, Ct);
        using var pushAfter = await PushRawAsync(model);

        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal([1], (await delete.Content.ReadFromJsonAsync(Json.DeletedModelDto, Ct))!.Versions);
        Assert.Equal(HttpStatusCode.Conflict, push.StatusCode);
        Assert.Contains($"Model '{model}' is deleted", await push.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal([1], (await restore.Content.ReadFromJsonAsync(Json.IReadOnlyListModelVersionDto, Ct))!.Select(v => v.Version));
        Assert.Equal(2, (await pushAfter.Content.ReadFromJsonAsync(Json.ModelVersionDto, Ct))!.Version);
    }

    [Fact]
    public async Task CreateEndpoint_DeletedVersion_Returns404()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());
        await app.PushAsync(model, TestModels.Linear3(2));
        (await _client.DeleteAsync($"/api/v1/models/{model}/versions/1", Ct)).Dispose();

        using var response = await _client.PostAsJsonAsync(
            "/api/v1/endpoints", new CreateEndpointRequest(TestModels.UniqueName("e"), model, 1), Json.CreateEndpointRequest, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal($"Model '{model}' has no version 1.", (await response.Content.ReadFromJsonAsync(Json.ErrorDto, Ct))!.Error);
    }

    [Fact]
    public async Task RestoreVersion_Alias_Returns400AskingForNumber()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());

        using var response = await _client.PostAsync($"/api/v1/models/{model}/versions/champion/restore", null, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not a version number", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PurgeVersion_LastReferenceToBlob_RemovesVersionAndBlobFile()
    {
        var model = TestModels.UniqueName();
        var pushed = await app.PushAsync(model, TestModels.Linear3(41));
        await app.PushAsync(model, TestModels.Linear3(42));
        (await _client.DeleteAsync($"/api/v1/models/{model}/versions/1", Ct)).Dispose();

        using var response = await _client.PostAsync($"/api/v1/models/{model}/versions/1/purge", null, Ct);
        var deleted = await _client.GetFromJsonAsync($"/api/v1/deleted?model={model}", Json.DeletedItemsDto, Ct);

        var result = (await response.Content.ReadFromJsonAsync(Json.PurgeResultDto, Ct))!;
        Assert.Equal([new PurgedVersionDto(model, 1, pushed.Digest)], result.Versions);
        Assert.Equal((1, pushed.SizeBytes), (result.BlobsDeleted, result.BytesFreed));
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, "blobs", "sha256", pushed.Digest[..2], pushed.Digest)));
        Assert.Empty(deleted!.Versions);
    }

    [Fact]
    public async Task PurgeVersion_LiveVersion_Returns409()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());

        using var response = await _client.PostAsync($"/api/v1/models/{model}/versions/1/purge", null, Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("is not deleted", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListDeleted_DeletedModel_ShowsModelAndItsVersions()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());
        (await _client.DeleteAsync($"/api/v1/models/{model}?deleted_by=bo", Ct)).Dispose();

        var deleted = await _client.GetFromJsonAsync($"/api/v1/deleted?model={model}", Json.DeletedItemsDto, Ct);

        var entry = Assert.Single(deleted!.Models);
        Assert.Equal((model, "bo"), (entry.Name, entry.DeletedBy));
        Assert.Equal([1], entry.Versions);
        Assert.True(Assert.Single(deleted.Versions).WithModel);
    }

    private async Task<HttpResponseMessage> PushRawAsync(string model)
    {
        using var content = new ByteArrayContent(TestModels.Linear3(7));
        content.Headers.ContentType = new("application/octet-stream");
        return await _client.PostAsync($"/api/v1/models/{model}/versions", content, Ct);
    }
}
