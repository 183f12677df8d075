using System.Text.Json;
using Modelplane.Cli.Predict;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Cli.Demo;

/// <summary>Registers each bundled model and gives it an endpoint, reusing whatever an earlier run already registered.</summary>
internal sealed class DemoSeeder(ModelplaneClient client)
{
    /// <summary>Pushes <paramref name="model"/> unless a version with the same SHA-256 exists, creates endpoint <c>NAME</c> unless it exists, and builds an example request.</summary>
    public async Task<DemoResult> SeedAsync(DemoModelFiles model, CancellationToken ct)
    {
        var sha256 = await FileDigest.Sha256HexAsync(model.OnnxPath, ct);
        var existing = await FindVersionAsync(model.Name, sha256, ct);
        var pushed = existing is null;
        var version = existing ?? await PushAsync(model, sha256, ct);

        var endpoint = await TryAsync(() => client.GetEndpointAsync(model.Name, ct))
            ?? await client.CreateEndpointAsync(model.Name, model.Name, version.Version, ct);

        var metadata = await client.GetModelMetadataAsync(endpoint.Name, ct);
        await ProfileAsync(model, version.Version, ct);
        return new DemoResult(model.Name, version.Version, endpoint, pushed, ExampleRequest(model, metadata));
    }

    // A reference profile from the bundled training rows, so `modelplane drift NAME` has something to compare with.
    private async Task ProfileAsync(DemoModelFiles model, int version, CancellationToken ct)
    {
        if (model.Training is not { } training || await TryAsync(() => client.GetProfileAsync(model.Name, version, ct)) is not null)
        {
            return;
        }

        await using var csv = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(training.ToCsv()));
        await client.ProfileVersionAsync(model.Name, version.ToString(System.Globalization.CultureInfo.InvariantCulture), csv, "csv", DemoTrainingData.LabelColumn, ct);
    }

    /// <summary>An OIP request for the first sample row, or zeros as wide as the model's input when there are no samples.</summary>
    internal static string ExampleRequest(DemoModelFiles model, OipModelMetadata metadata)
    {
        var input = metadata.Inputs.Count > 0 ? metadata.Inputs[0] : null;
        var width = input is { Shape.Count: >= 2 } && input.Shape[^1] > 0 ? (int)input.Shape[^1] : model.SampleRow?.Length ?? 1;
        var row = model.SampleRow is { } sample && sample.Length == width ? sample : Zeros(width);
        var request = OipRequestBuilder.FromRows([row], metadata);
        return JsonSerializer.Serialize(request, ModelplaneJsonContext.Default.OipInferenceRequest);
    }

    private async Task<ModelVersionDto?> FindVersionAsync(string name, string sha256, CancellationToken ct)
    {
        var model = await TryAsync(() => client.GetModelAsync(name, ct));
        return model?.Versions.FirstOrDefault(v => FileDigest.SameSha256(v.Digest, sha256));
    }

    private async Task<ModelVersionDto> PushAsync(DemoModelFiles model, string sha256, CancellationToken ct)
    {
        var stream = FileDigest.OpenSequential(model.OnnxPath);
        await using (stream)
        {
            var options = new PushOptions { Description = model.Description, Tags = model.Tags, Metrics = model.Metrics, Sha256 = sha256 };
            return await client.PushModelAsync(model.Name, stream, options, progress: null, ct);
        }
    }

    private static async Task<T?> TryAsync<T>(Func<Task<T>> get)
        where T : class
    {
        try
        {
            return await get();
        }
        catch (ModelplaneApiException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private static JsonElement[] Zeros(int width)
    {
        using var zero = JsonDocument.Parse("0");
        var value = zero.RootElement.Clone();
        return Enumerable.Repeat(value, width).ToArray();
    }
}

/// <summary>What the demo did for one model.</summary>
/// <param name="Model">The model name.</param>
/// <param name="Version">The version whose bytes match the bundled file.</param>
/// <param name="Endpoint">The endpoint named after the model (it may serve another version if a user moved it).</param>
/// <param name="Pushed">Whether this run uploaded the file; false when an earlier run had.</param>
/// <param name="ExampleRequestJson">A compact OIP request body for the endpoint.</param>
internal sealed record DemoResult(string Model, int Version, EndpointDto Endpoint, bool Pushed, string ExampleRequestJson);
