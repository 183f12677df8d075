using System.Text;
using System.Text.Json;
using Modelplane.Server.Tests.Mlflow;

namespace Modelplane.Server.Tests.Governance;

/// <summary>
/// Names that try to become paths (model, alias, endpoint, secret, signing key and member names, and version labels), sent byte for byte over a socket: each is answered with a 400 that says what is wrong, and no file appears
/// outside the data folder.
/// </summary>
public sealed class HostileNameTests(KestrelAppFactory app) : IClassFixture<KestrelAppFactory>
{
    private const string Escape = "escape-5c1d";

    public static TheoryData<string> Names => new()
    {
        "..%2F..%2F" + Escape,
        "%2e%2e%2F%2e%2e%2F" + Escape,
        "%2Ftmp%2F" + Escape,
        "..%5C..%5C" + Escape,
        "a%00" + Escape,
        "%EF%BC%8E%EF%BC%8E%EF%BC%8F" + Escape, // fullwidth "../"
        "%E2%80%AE" + Escape,                   // right-to-left override
        new string('a', 5000),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public async Task PathSegmentNames_Return400AndWriteNothing(string name)
    {
        var model = "hostile-model";
        await EnsureModelAsync(model);
        var requests = new (string Method, string Target, string Body)[]
        {
            ("POST", $"/api/v1/models/{name}/versions", ""),
            ("PUT", $"/api/v1/models/{model}/aliases/{name}", """{"version":1}"""),
            ("PUT", $"/api/v1/models/{model}/versions/{name}/tags/k", """{"value":"x"}"""),
            ("PUT", $"/api/v1/secrets/{name}", """{"value":"x"}"""),
            ("PUT", $"/api/v1/members/{name}", """{"role":"viewer"}"""),
        };

        var wrong = new List<string>();
        foreach (var (method, target, body) in requests)
        {
            var (status, text) = await app.SendRawAsync(method, target, Encoding.UTF8.GetBytes(body), json: true);
            // Kestrel itself refuses a request target holding a NUL, with a bare 400 before any route runs.
            if (status != 400 || (text.Length > 0 && string.IsNullOrWhiteSpace(JsonDocument.Parse(text).RootElement.GetProperty("error").GetString())))
            {
                wrong.Add($"{method} {target[..Math.Min(target.Length, 100)]}: {status} {text[..Math.Min(text.Length, 160)]}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));

        AssertNoEscapedFile();
    }

    [Theory]
    [InlineData("../" + Escape)]
    [InlineData("/tmp/" + Escape)]
    [InlineData("a\u0000" + Escape)]
    [InlineData("..\\" + Escape)]
    public async Task BodyNames_Return400NamingTheProblemAndWriteNothing(string name)
    {
        var quoted = JsonSerializer.Serialize(name);
        var requests = new (string Target, string Body)[]
        {
            ("/api/v1/endpoints", $$"""{"name":{{quoted}},"model":"hostile-model","version":1}"""),
            ("/api/v1/members", $$"""{"name":{{quoted}},"role":"viewer"}"""),
            ("/api/v1/keys", $$"""{"name":{{quoted}},"public_key":"MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE="}"""),
            ("/api/2.0/mlflow/registered-models/create", $$"""{"name":{{quoted}}}"""),
        };

        var wrong = new List<string>();
        foreach (var (target, body) in requests)
        {
            var (status, text) = await app.SendRawAsync("POST", target, Encoding.UTF8.GetBytes(body), json: true);
            if (status != 400)
            {
                wrong.Add($"POST {target}: {status} {text[..Math.Min(text.Length, 160)]}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));

        AssertNoEscapedFile();
    }

    private async Task EnsureModelAsync(string model)
    {
        var (status, _) = await app.SendRawAsync("GET", $"/api/v1/models/{model}", []);
        if (status == 404)
        {
            await app.PushAsync(model, TestModels.Linear3());
        }
    }

    private void AssertNoEscapedFile()
    {
        Assert.Empty(Directory.GetFiles(app.DataDirectory, Escape + "*", SearchOption.AllDirectories));
        for (var dir = new DirectoryInfo(app.DataDirectory); dir is not null; dir = dir.Parent)
        {
            Assert.Empty(Directory.GetFiles(dir.FullName, Escape + "*"));
        }
    }
}
