using System.Net;
using System.Net.Http.Json;
using System.Text;
using Modelplane.Client;

namespace Modelplane.Server.Tests.Governance;

/// <summary><c>/api/v1/secrets</c>: values go in, only <c>***</c> comes out.</summary>
public sealed class SecretsApiTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Put_NewName_201MaskedThen200OnRotateWithVersion2()
    {
        var name = TestModels.UniqueName("s");
        const string value = "hunter2-the-real-value";

        var (createdStatus, createdBody) = await PutAsync(name, $$"""{"value":"{{value}}"}""");
        var (rotatedStatus, rotatedBody) = await PutAsync(name, """{"value":"another-value"}""");

        Assert.Equal(HttpStatusCode.Created, createdStatus);
        Assert.Contains("\"value\":\"***\"", createdBody, StringComparison.Ordinal);
        Assert.Contains("\"version\":1", createdBody, StringComparison.Ordinal);
        Assert.DoesNotContain(value, createdBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, rotatedStatus);
        Assert.Contains("\"version\":2", rotatedBody, StringComparison.Ordinal);
        Assert.DoesNotContain("another-value", rotatedBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_AfterPut_ListsNameAndVersionWithoutTheValue()
    {
        var name = TestModels.UniqueName("s");
        await PutAsync(name, """{"value":"listed-secret-value"}""");

        var body = await app.CreateClient().GetStringAsync("/api/v1/secrets", Ct);
        var listed = System.Text.Json.JsonSerializer.Deserialize(body, ModelplaneJsonContext.Default.IReadOnlyListSecretDto)!;

        Assert.DoesNotContain("listed-secret-value", body, StringComparison.Ordinal);
        Assert.Contains(listed, s => s.Name == name && s.Version == 1 && s.Value == "***");
    }

    [Theory]
    [InlineData("1starts-with-digit", """{"value":"v"}""", "must start with a letter")]
    [InlineData("has%20space", """{"value":"v"}""", "may contain only A-Z, a-z, 0-9")]
    [InlineData("ok-name", """{"value":""}""", "A non-empty 'value' is required.")]
    [InlineData("ok-name", """{}""", "A non-empty 'value' is required.")]
    [InlineData("ok-name", """{"value": 12}""", "not valid JSON for this operation")]
    public async Task Put_BadRequest_400NamingTheProblem(string name, string json, string problem)
    {
        var (status, body) = await PutAsync(name, json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(problem, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_ValueOver64KiB_400NamingTheLimit()
    {
        var (status, body) = await PutAsync("big", $$"""{"value":"{{new string('x', 64 * 1024 + 1)}}"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("The value is 65537 bytes; the limit is 65536 bytes (64 KiB).", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_ExistingThenAgain_204Then404()
    {
        var name = TestModels.UniqueName("s");
        await PutAsync(name, """{"value":"v"}""");
        var client = app.CreateClient();

        using var first = await client.DeleteAsync($"/api/v1/secrets/{name}", Ct);
        using var second = await client.DeleteAsync($"/api/v1/secrets/{name}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        Assert.Equal($$"""{"error":"Secret '{{name}}' does not exist in workspace 'default'."}""", await second.Content.ReadAsStringAsync(Ct));
    }

    private async Task<(HttpStatusCode Status, string Body)> PutAsync(string name, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await app.CreateClient().PutAsync($"/api/v1/secrets/{name}", content, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }
}
