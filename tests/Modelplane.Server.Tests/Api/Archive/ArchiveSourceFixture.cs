using System.Net.Http.Json;
using System.Text;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Server.Tests.Api.Archive;

/// <summary>
/// A server holding one model with every kind of metadata and both formats: v1 the breast-cancer ONNX model
/// (tags, metrics, params, lineage), v2 the same bytes (shared blob; parent 1, approved, a card, alias champion),
/// v3 the ML.NET zip of the same fit (parent 2, alias challenger); v2 also has a reference profile (held-out rows,
/// labelled). Its archive is exported once.
/// </summary>
public sealed class ArchiveSourceFixture : IAsyncLifetime
{
    public const string Model = "bc-archive";
    public const string Card = "# Breast cancer\n\n## Intended use\nScreening research only.\n";

    public static readonly string Onnx = Path.Combine(AppContext.BaseDirectory, "samples", "models", "breast-cancer.onnx");
    public static readonly string MlNet = Path.Combine(AppContext.BaseDirectory, "samples", "mlnet", "breast-cancer.zip");

    public ModelplaneAppFactory Source { get; } = new();

    /// <summary>The model's versions on the source server, ascending.</summary>
    public IReadOnlyList<ModelVersionDto> Versions { get; private set; } = [];

    /// <summary>The uncompressed archive as exported.</summary>
    public byte[] Tar { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var onnx = await File.ReadAllBytesAsync(Onnx, ct);
        await Source.PushAsync(Model, onnx,
            $"?description=first&tag=team%3Drisk&metric=auc%3D0.97&param=l2%3D0.1&dataset_uri=data%2Fbc.csv&dataset_sha256={new string('b', 64)}&code_repo=git%40x%3Abc&code_commit=3f2c&run_id=r-1&created_by=ana");
        await Source.PushAsync(Model, onnx, "?description=again&parent=1&tag=stage%3Dprod");
        await Source.PushAsync(Model, await File.ReadAllBytesAsync(MlNet, ct), "?description=mlnet&parent=2&metric=auc%3D0.96");

        var client = Source.CreateClient();
        await Send(client.PutAsync($"/api/v1/models/{Model}/aliases/champion", Json("""{"version":2}"""), ct));
        await Send(client.PutAsync($"/api/v1/models/{Model}/aliases/challenger", Json("""{"version":3}"""), ct));
        await Send(client.PostAsync($"/api/v1/models/{Model}/versions/2/approval", Json("""{"status":"approved","by":"bo","comment":"offline eval ok"}"""), ct));
        await Send(client.PutAsync($"/api/v1/models/{Model}/versions/2/card", new StringContent(Card, Encoding.UTF8, "text/markdown"), ct));
        await Send(client.PatchAsync("/api/2.0/mlflow/registered-models/update", Json($$"""{"name":"{{Model}}","description":"screening model"}"""), ct));
        await Send(client.PostAsync("/api/2.0/mlflow/registered-models/set-tag", Json($$"""{"name":"{{Model}}","key":"owner","value":"oncology"}"""), ct));
        await Send(client.PutAsync($"/api/v1/models/{Model}/versions/2/profile?label=diagnosis", ProfileData(), ct));
        await Send(client.PostAsync("/api/2.0/mlflow/model-versions/transition-stage", Json($$"""{"name":"{{Model}}","version":"2","stage":"Production"}"""), ct));

        var model = await client.GetFromJsonAsync($"/api/v1/models/{Model}", ModelplaneJsonContext.Default.ModelDto, ct);
        Versions = [.. model!.Versions.OrderBy(v => v.Version)];
        Tar = await client.GetByteArrayAsync($"/api/v1/models/{Model}/export", ct);
    }

    public ValueTask DisposeAsync()
    {
        Source.Dispose();
        return ValueTask.CompletedTask;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static StringContent ProfileData()
    {
        var rows = Monitoring.BreastCancerStream.HeldOut.Select(r => string.Join(',', r.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
        var csv = string.Join('\n', rows.Prepend(string.Join(',', Monitoring.BreastCancerStream.FeatureNames.Append("diagnosis"))));
        return new StringContent(csv, Encoding.UTF8, "text/csv");
    }

    private static async Task Send(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        response.EnsureSuccessStatusCode();
    }
}
