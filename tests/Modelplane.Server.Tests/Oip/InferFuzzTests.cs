using System.Net;
using System.Text;
using System.Text.Json;

namespace Modelplane.Server.Tests.Oip;

/// <summary>
/// Thousands of mangled OIP bodies (RELIABILITY.md T05, in miniature): every one gets a 4xx JSON error or a
/// 200, never a 5xx, and the model keeps answering correctly afterwards.
/// </summary>
public sealed class InferFuzzTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private const string Valid = """{"id":"f","inputs":[{"name":"x","shape":[2,3],"datatype":"FP32","data":[1,2,3,4,5,6]}]}""";

    private static readonly string[] Tokens =
    [
        "NaN", "Infinity", "-1", "0", "1e400", "-9223372036854775809", "18446744073709551616", "\"x\"", "null", "true",
        "[]", "{}", "[[[[[[[[", "\"FP64\"", "\"BYTES\"", "\"INT64\"", "1099511627776", ",", ":", "\"\\u0000\"", "\"inputs\"",
    ];

    [Fact]
    public async Task Infer_MangledBodies_NeverAnswer5xxAndKeepServing()
    {
        var model = TestModels.UniqueName("fuzz");
        await app.PushAsync(model, TestModels.Linear3(bias: 0));
        var client = app.CreateClient();
        var random = new Random(20261128);
        var statuses = new Dictionary<int, int>();

        for (var i = 0; i < 2000; i++)
        {
            var body = Mangle(Valid, random);
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await client.PostAsync($"/v2/models/{model}/infer", content, TestContext.Current.CancellationToken);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(status < 500, $"{status} for body: {body}");
            if (status != 200)
            {
                using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
                Assert.False(string.IsNullOrWhiteSpace(error.RootElement.GetProperty("error").GetString()), body);
            }
        }

        Assert.True(statuses.GetValueOrDefault(400) > 1000, string.Join(", ", statuses.Select(p => $"{p.Key}: {p.Value}")));
        using var check = new StringContent(Valid, Encoding.UTF8, "application/json");
        using var ok = await client.PostAsync($"/v2/models/{model}/infer", check, TestContext.Current.CancellationToken);
        using var doc = JsonDocument.Parse(await ok.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal([14f, 32f], doc.RootElement.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(e => e.GetSingle()));
    }

    private static string Mangle(string body, Random random)
    {
        var text = new StringBuilder(body);
        for (var edits = random.Next(1, 4); edits > 0 && text.Length > 0; edits--)
        {
            var at = random.Next(text.Length);
            switch (random.Next(5))
            {
                case 0:
                    text.Length = at;
                    break;
                case 1:
                    text[at] = (char)random.Next(32, 127);
                    break;
                case 2:
                    text.Insert(at, Tokens[random.Next(Tokens.Length)]);
                    break;
                case 3:
                    text.Remove(at, Math.Min(random.Next(1, 8), text.Length - at));
                    break;
                default:
                    // Replace a JSON number with an extreme token, keeping the structure intact.
                    var digit = body.IndexOfAny("0123456789".ToCharArray(), at % body.Length);
                    if (digit >= 0 && digit < text.Length)
                    {
                        text.Remove(digit, 1).Insert(digit, Tokens[random.Next(Tokens.Length)]);
                    }

                    break;
            }
        }

        return text.ToString();
    }
}
