using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using static Modelplane.Server.Tests.Mlflow.MlflowHttp;

namespace Modelplane.Server.Tests.Mlflow;

// The artifact proxy through Kestrel on a real socket (its 1 MiB default body limit is in force elsewhere).
public sealed class MlflowArtifactsApiTests(KestrelAppFactory app) : IClassFixture<KestrelAppFactory>
{
    private const string Proxy = "/api/2.0/mlflow-artifacts/artifacts";

    private readonly HttpClient _client = app.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Put_ThenGet_LargerThanOneMebibyte_ReturnsIdenticalBytes()
    {
        var bytes = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        var path = $"{Unique()}/model/model.onnx";

        var put = await PutAsync(path, bytes);
        using var get = await _client.GetAsync($"{Proxy}/{path}", Ct);

        Assert.Equal((HttpStatusCode.OK, "{}"), (put.Status, put.Text));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("application/octet-stream", get.Content.Headers.ContentType?.MediaType);
        Assert.Equal("model.onnx", get.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(bytes, await get.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(app.DataDirectory, "mlflow-artifacts", path), Ct));
    }

    [Fact]
    public async Task Put_Twice_SecondContentWins()
    {
        var path = $"{Unique()}/notes.txt";
        await PutAsync(path, [1, 2, 3]);

        await PutAsync(path, [4]);

        Assert.Equal([4], await _client.GetByteArrayAsync($"{Proxy}/{path}", Ct));
    }

    [Fact]
    public async Task Put_ViaAjaxApi_IsReadableViaApi()
    {
        var path = $"{Unique()}/ui.bin";
        using var content = new ByteArrayContent([7, 7]);
        using var put = await _client.PutAsync($"/ajax-api/2.0/mlflow-artifacts/artifacts/{path}", content, Ct);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal([7, 7], await _client.GetByteArrayAsync($"{Proxy}/{path}", Ct));
    }

    [Fact]
    public async Task Get_Missing_Returns404InMlflowShape()
    {
        var response = await GetJsonAsync($"{Proxy}/{Unique()}/absent.bin");

        AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", response, "absent.bin");
    }

    [Fact]
    public async Task Get_Directory_Returns404()
    {
        var dir = Unique();
        await PutAsync($"{dir}/sub/f", [1]);

        AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", await GetJsonAsync($"{Proxy}/{dir}/sub"));
    }

    [Fact]
    public async Task List_Directory_ReturnsBaseNamesWithSizesOrderedByName()
    {
        var dir = Unique();
        await PutAsync($"{dir}/model/MLmodel", new byte[12]);
        await PutAsync($"{dir}/model/model.onnx", new byte[40]);
        await PutAsync($"{dir}/model/data/weights", new byte[1]);

        var (status, body, _) = await GetJsonAsync($"{Proxy}?path={dir}/model");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(
            """{"files":[{"path":"MLmodel","is_dir":false,"file_size":12},{"path":"data","is_dir":true},{"path":"model.onnx","is_dir":false,"file_size":40}]}""",
            body.GetRawText());
    }

    [Fact]
    public async Task List_TrailingSlash_ListsTheDirectory()
    {
        var dir = Unique();
        await PutAsync($"{dir}/a.txt", [1]);

        var (_, body, _) = await GetJsonAsync($"{Proxy}?path={dir}/");

        Assert.Equal("""{"files":[{"path":"a.txt","is_dir":false,"file_size":1}]}""", body.GetRawText());
    }

    [Fact]
    public async Task List_WithoutPath_ListsRootIncludingNewDirectory()
    {
        var dir = Unique();
        await PutAsync($"{dir}/a.txt", [1]);

        var (status, body, _) = await GetJsonAsync(Proxy);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(body.GetProperty("files").EnumerateArray(), f => f.GetProperty("path").GetString() == dir && f.GetProperty("is_dir").GetBoolean());
    }

    [Fact]
    public async Task List_MissingDirectory_ReturnsEmptyObject()
    {
        var (status, body, _) = await GetJsonAsync($"{Proxy}?path={Unique()}");

        Assert.Equal((HttpStatusCode.OK, "{}"), (status, body.GetRawText()));
    }

    [Fact]
    public async Task Delete_File_RemovesOnlyThatFile()
    {
        var dir = Unique();
        await PutAsync($"{dir}/a", [1]);
        await PutAsync($"{dir}/b", [2]);

        using var delete = await _client.DeleteAsync($"{Proxy}/{dir}/a", Ct);

        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal("""{"files":[{"path":"b","is_dir":false,"file_size":1}]}""", (await GetJsonAsync($"{Proxy}?path={dir}")).Body.GetRawText());
    }

    [Fact]
    public async Task Delete_Directory_RemovesItsTree()
    {
        var dir = Unique();
        await PutAsync($"{dir}/model/MLmodel", [1]);
        await PutAsync($"{dir}/model/sub/x", [2]);

        using var delete = await _client.DeleteAsync($"{Proxy}/{dir}/model", Ct);

        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(app.DataDirectory, "mlflow-artifacts", dir, "model")));
    }

    [Fact]
    public async Task Delete_Missing_IsOkLikeMlflow()
    {
        using var delete = await _client.DeleteAsync($"{Proxy}/{Unique()}/never", Ct);

        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
    }

    [Fact]
    public async Task Put_UnderAFile_Returns400NamingTheFile()
    {
        var dir = Unique();
        await PutAsync($"{dir}/f", [1]);

        var response = await PutAsync($"{dir}/f/g", [2]);

        AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", response, "is a file");
    }

    [Fact]
    public async Task Post_MultipartUpload_Returns404EndpointNotFoundInMlflowShape()
    {
        using var content = new StringContent("{}");
        using var response = await _client.PostAsync("/api/2.0/mlflow-artifacts/mpu/create", content, Ct);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("ENDPOINT_NOT_FOUND", body.GetProperty("error_code").GetString());
    }

    private static string Unique() => Guid.NewGuid().ToString("N");

    private async Task<(HttpStatusCode Status, JsonElement Body, string Text)> PutAsync(string path, byte[] bytes)
    {
        using var content = new ByteArrayContent(bytes);
        using var response = await _client.PutAsync($"{Proxy}/{path}", content, Ct);
        return await ReadAsync(response);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body, string Text)> GetJsonAsync(string url)
    {
        using var response = await _client.GetAsync(url, Ct);
        return await ReadAsync(response);
    }

    private static async Task<(HttpStatusCode, JsonElement, string)> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), text);
    }
}
