using System.Net;
using System.Text;
using System.Text.Json;

namespace Modelplane.Server.Tests.Scoring;

/// <summary>Posts scoring bodies and reads MLflow-shaped answers.</summary>
internal static class ScoringClient
{
    public static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient client, string name, string body, string contentType = "application/json")
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var response = await client.PostAsync($"/endpoints/{name}/invocations", content, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(text);
        return (response.StatusCode, document.RootElement.Clone());
    }

    public static string Predictions(JsonElement body) => body.GetProperty("predictions").GetRawText();
}
