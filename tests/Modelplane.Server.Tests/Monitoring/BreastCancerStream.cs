using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Server.Tests.Monitoring;

/// <summary>
/// The bundled breast-cancer model served on an endpoint and profiled on its training rows (every data row of
/// samples/data/breast_cancer.csv but every 5th), and a stream of its held-out rows (every 5th), optionally shifted.
/// </summary>
internal sealed class BreastCancerStream(ModelplaneAppFactory app, string endpoint, string model)
{
    private static readonly string Samples = Path.Combine(AppContext.BaseDirectory, "samples");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ModelplaneAppFactory App => app;

    public string Endpoint { get; } = endpoint;

    public string Model { get; } = model;

    public static string[] FeatureNames { get; } =
        [.. JsonNode.Parse(File.ReadAllText(Path.Combine(Samples, "models", "breast-cancer.samples.json")))!["featureNames"]!.AsArray().Select(n => n!.GetValue<string>())];

    /// <summary>The data rows: 30 features and the label (1 = benign).</summary>
    private static double[][] Rows { get; } =
        [.. File.ReadAllLines(Path.Combine(Samples, "data", "breast_cancer.csv")).Skip(1).Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())];

    public static double[][] HeldOut { get; } = [.. Rows.Where((_, i) => i % 5 == 0)];

    /// <summary>Pushes the model, profiles it on the training rows with their labels and serves it on a new endpoint.</summary>
    public static async Task<BreastCancerStream> StartAsync(ModelplaneAppFactory app, long windowRows)
    {
        var model = TestModels.UniqueName("bc");
        await PushProfiledAsync(app, model);
        var stream = new BreastCancerStream(app, model + "-ep", model);
        await app.CreateEndpointAsync(stream.Endpoint, model, 1);
        using (var set = await app.CreateClient().PutAsJsonAsync(
            $"/api/v1/endpoints/{stream.Endpoint}/monitoring", new SetMonitoringRequest(WindowRows: windowRows), ModelplaneJsonContext.Default.SetMonitoringRequest, Ct))
        {
            Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync(Ct));
        }

        await stream.MonitoredAsync();
        return stream;
    }

    /// <summary>Pushes the breast-cancer model as the next version of <paramref name="model"/> and profiles it on the training rows.</summary>
    /// <returns>The version pushed.</returns>
    public static async Task<int> PushProfiledAsync(ModelplaneAppFactory app, string model)
    {
        var version = (await app.PushAsync(model, await File.ReadAllBytesAsync(Path.Combine(Samples, "models", "breast-cancer.onnx"), Ct))).Version;
        var csv = string.Join('\n', Rows.Where((_, i) => i % 5 != 0)
            .Select(r => string.Join(',', r.Select(v => v.ToString("R", CultureInfo.InvariantCulture))))
            .Prepend(string.Join(',', FeatureNames.Append("diagnosis"))));
        using var content = new StringContent(csv, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var profiled = await app.CreateClient().PutAsync($"/api/v1/models/{model}/versions/{version}/profile?label=diagnosis", content, Ct);
        Assert.True(profiled.IsSuccessStatusCode, await profiled.Content.ReadAsStringAsync(Ct));
        return version;
    }

    /// <summary>Sends <paramref name="count"/> held-out rows drawn at random, one per request, features in <paramref name="shifted"/> scaled by <paramref name="scale"/>.</summary>
    /// <returns>The request ids with the true label of each.</returns>
    public async Task<List<(string RequestId, int Label)>> SendAsync(Random random, int count, string[]? shifted = null, double scale = 1.5)
    {
        var columns = (shifted ?? []).Select(name => Array.IndexOf(FeatureNames, name)).ToArray();
        using var client = app.CreateClient();
        var sent = new List<(string, int)>(count);
        for (var i = 0; i < count; i++)
        {
            var row = HeldOut[random.Next(HeldOut.Length)];
            var values = row[..30].Select((v, j) => columns.Contains(j) ? v * scale : v);
            var id = Guid.NewGuid().ToString("N");
            var body = $$"""{"inputs":[{"name":"Features","shape":[1,30],"datatype":"FP32","data":[{{string.Join(',', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}}]}]}""";
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/models/{Endpoint}/infer") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Request-Id", id);
            using var response = await client.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            sent.Add((id, (int)row[30]));
        }

        return sent;
    }

    /// <summary>Logs every prediction of the endpoint, so labels can be matched to them.</summary>
    public async Task LogEverythingAsync()
    {
        using var response = await app.CreateClient().PutAsJsonAsync(
            $"/api/v1/endpoints/{Endpoint}/logging", new InferenceLoggingDto(1, 1), ModelplaneJsonContext.Default.InferenceLoggingDto, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>Posts the true labels of <paramref name="sent"/>; returns how many matched a logged prediction.</summary>
    public async Task<int> LabelAsync(IEnumerable<(string RequestId, int Label)> sent)
    {
        var labels = sent.Select(s => new LabelDto(s.RequestId, JsonDocument.Parse(s.Label.ToString(CultureInfo.InvariantCulture)).RootElement.Clone())).ToList();
        using var response = await app.CreateClient().PostAsJsonAsync(
            $"/api/v1/endpoints/{Endpoint}/labels", new PostLabelsRequest(labels), ModelplaneJsonContext.Default.PostLabelsRequest, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync(ModelplaneJsonContext.Default.LabelResultDto, Ct))!.Matched;
    }

    public async Task<EndpointDriftDto> DriftAsync(int limit = 100) =>
        (await app.CreateClient().GetFromJsonAsync($"/api/v1/endpoints/{Endpoint}/drift?limit={limit}", ModelplaneJsonContext.Default.EndpointDriftDto, Ct))!;

    public async Task<EndpointQualityDto> QualityAsync(int limit = 100) =>
        (await app.CreateClient().GetFromJsonAsync($"/api/v1/endpoints/{Endpoint}/quality?limit={limit}", ModelplaneJsonContext.Default.EndpointQualityDto, Ct))!;

    public async Task<AlertDto[]> AlertsAsync() =>
        (await app.CreateClient().GetFromJsonAsync("/api/v1/alerts", ModelplaneJsonContext.Default.IReadOnlyListAlertDto, Ct))!
            .Where(a => a.Endpoint == Endpoint)
            .ToArray();

    private async Task MonitoredAsync()
    {
        for (var i = 0; i < 100; i++)
        {
            if ((await DriftAsync()).Versions is [{ Monitored: true }])
            {
                return;
            }

            await Task.Delay(50, Ct);
        }

        Assert.Fail($"{Endpoint} was not monitored within 5 s: {JsonSerializer.Serialize(await DriftAsync(), ModelplaneJsonContext.Default.EndpointDriftDto)}");
    }
}
