using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Cli.Tests.Fakes;

/// <summary>
/// An in-memory stand-in for the Modelplane server's HTTP contract, used because the real server is built in parallel;
/// the end-to-end tests run the CLI against the real process. It records every request it receives.
/// </summary>
internal sealed partial class FakeModelplaneServer : HttpMessageHandler
{
    public static readonly DateTimeOffset Created = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;
    private readonly Dictionary<string, List<ModelVersionDto>> _models = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EndpointDto> _endpoints = new(StringComparer.Ordinal);

    /// <summary>Requests as received: method, path and query, content type and body.</summary>
    public List<RecordedRequest> Requests { get; } = [];

    /// <summary>Signature given to every pushed model unless <see cref="Signatures"/> names it.</summary>
    public SignatureDto DefaultSignature { get; set; } = new(
        [new TensorSpecDto("Features", "FP32", [-1, 3])],
        [new TensorSpecDto("Score", "FP64", [-1, 1]), new TensorSpecDto("Label", "BOOL", [-1])]);

    public Dictionary<string, SignatureDto> Signatures { get; } = new(StringComparer.Ordinal);

    /// <summary>A path prefix the fake is mounted under, as behind a reverse proxy.</summary>
    public string PathPrefix { get; set; } = "";

    /// <summary>An HttpClient over this fake that does not dispose it, so several commands can share it.</summary>
    public HttpClient CreateHttpClient(Uri baseAddress) => new(this, disposeHandler: false) { BaseAddress = baseAddress };

    public ModelplaneClient CreateClient() => new(CreateHttpClient(new Uri("http://fake.test/")));

    /// <summary>Registers a version directly, as an earlier push would have.</summary>
    public ModelVersionDto AddVersion(string model, byte[] bytes)
    {
        var versions = _models.TryGetValue(model, out var list) ? list : _models[model] = [];
        var version = new ModelVersionDto(
            model, versions.Count + 1, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length, "onnx",
            Signatures.GetValueOrDefault(model, DefaultSignature), null, new Dictionary<string, string>(), new Dictionary<string, double>(), Created);
        versions.Add(version);
        return version;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        Requests.Add(new RecordedRequest(request.Method, request.RequestUri!.PathAndQuery, request.Content?.Headers.ContentType?.MediaType, body));
        var segments = request.RequestUri.AbsolutePath[PathPrefix.Length..].Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        var query = QueryValues(request.RequestUri.Query);
        return (request.Method.Method, segments) switch
        {
            ("POST", ["api", "v1", "models", var name, "versions"]) => Push(name, body, query),
            (_, ["api", "v1", "models", var name, "retraining"]) => HandleRetraining(request.Method.Method, name, body),
            (_, ["api", "v1", "endpoints", var name, "monitoring" or "drift" or "quality", ..]) => HandleMonitoring(request.Method.Method, name, segments[4..], query, body),
            ("GET", ["api", "v1", "versions"]) => Search(query),
            ("GET", ["api", "v1", "models"]) => Ok(_models.Select(m => new ModelSummaryDto(m.Key, m.Value.Count, m.Value.Count, Created, Created)).ToList(), Json.IReadOnlyListModelSummaryDto),
            ("GET", ["api", "v1", "models", var name]) => _models.TryGetValue(name, out var v)
                ? Ok(new ModelDto(name, v.Count, v.AsEnumerable().Reverse().ToList()), Json.ModelDto)
                : Error(HttpStatusCode.NotFound, $"Model '{name}' does not exist."),
            (_, ["api", "v1", "models", var name, "aliases", ..]) => HandleMetadata(request.Method.Method, name, segments[4..], body),
            (_, ["api", "v1", "models", var name, "versions", _, _, ..]) => HandleMetadata(request.Method.Method, name, segments[4..], body),
            ("GET", ["api", "v1", "models", var name, "versions", var number]) => FindVersion(name, number) is { } found
                ? Ok(found, Json.ModelVersionDto)
                : Error(HttpStatusCode.NotFound, $"Model version '{name}@{number}' does not exist."),
            ("POST", ["api", "v1", "endpoints"]) => CreateEndpoint(JsonSerializer.Deserialize(body, Json.CreateEndpointRequest)!),
            ("GET", ["api", "v1", "endpoints"]) => Ok(_endpoints.Values.ToList(), Json.IReadOnlyListEndpointDto),
            ("GET", ["api", "v1", "endpoints", var name]) => _endpoints.TryGetValue(name, out var e)
                ? Ok(e, Json.EndpointDto)
                : Error(HttpStatusCode.NotFound, $"Endpoint '{name}' does not exist."),
            ("PUT", ["api", "v1", "endpoints", var name]) => SetEndpoint(name, JsonSerializer.Deserialize(body, Json.SetEndpointTargetRequest)!),
            ("GET", ["v2", "models", var name]) => Metadata(name),
            ("POST", ["v2", "models", var name, "infer"]) => FakeInference.Infer(this, name, body),
            ("GET", ["v2", "health", "ready"]) => new HttpResponseMessage(HttpStatusCode.OK),
            _ => Error(HttpStatusCode.NotFound, $"No route for {request.Method} {request.RequestUri.AbsolutePath}."),
        };
    }

    internal ModelVersionDto? ServedVersion(string endpoint)
        => _endpoints.TryGetValue(endpoint, out var e) ? FindVersion(e.Model, e.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;

    private HttpResponseMessage Push(string name, byte[] body, ILookup<string, string> query)
    {
        var digest = Convert.ToHexStringLower(SHA256.HashData(body));
        if (query["sha256"].FirstOrDefault() is { } expected && expected != digest)
        {
            return Error(HttpStatusCode.BadRequest, $"The upload's SHA-256 is {digest}, not {expected}.");
        }

        var version = AddVersion(name, body) with
        {
            Description = query["description"].FirstOrDefault(),
            Tags = query["tag"].Select(t => t.Split('=', 2)).ToDictionary(p => p[0], p => p[1]),
            Metrics = query["metric"].Select(t => t.Split('=', 2)).ToDictionary(p => p[0], p => double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture)),
            Params = query["param"].Select(t => t.Split('=', 2)).ToDictionary(p => p[0], p => p[1]),
            Lineage = new LineageDto(
                query["dataset_uri"].FirstOrDefault(), query["dataset_sha256"].FirstOrDefault(), query["code_repo"].FirstOrDefault(),
                query["code_commit"].FirstOrDefault(), query["run_id"].FirstOrDefault(),
                [.. query["parent"].Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture))], query["created_by"].FirstOrDefault()),
        };
        _models[name][^1] = version;
        return Ok(version, Json.ModelVersionDto, HttpStatusCode.Created);
    }

    private HttpResponseMessage CreateEndpoint(CreateEndpointRequest request)
    {
        if (_endpoints.ContainsKey(request.Name))
        {
            return Error(HttpStatusCode.Conflict, $"Endpoint '{request.Name}' already exists.");
        }

        if (FindVersion(request.Model, $"{request.Version}") is null)
        {
            return Error(HttpStatusCode.NotFound, $"Model version '{request.Model}@{request.Version}' does not exist.");
        }

        var endpoint = _endpoints[request.Name] = new EndpointDto(request.Name, request.Model, request.Version, Created, Created);
        return Ok(endpoint, Json.EndpointDto, HttpStatusCode.Created);
    }

    private HttpResponseMessage SetEndpoint(string name, SetEndpointTargetRequest request)
    {
        if (!_endpoints.TryGetValue(name, out var existing))
        {
            return Error(HttpStatusCode.NotFound, $"Endpoint '{name}' does not exist.");
        }

        var endpoint = _endpoints[name] = existing with { Model = request.Model, Version = request.Version };
        return Ok(endpoint, Json.EndpointDto);
    }

    private HttpResponseMessage Metadata(string name)
    {
        if (ServedVersion(name) is not { } version)
        {
            return Error(HttpStatusCode.NotFound, $"Endpoint '{name}' does not exist.");
        }

        var tensors = (IReadOnlyList<TensorSpecDto> specs) => specs.Select(s => new OipTensorMetadata(s.Name, s.Datatype, s.Shape)).ToList();
        return Ok(new OipModelMetadata(name, [$"{version.Version}"], "onnxruntime_onnx", tensors(version.Signature.Inputs), tensors(version.Signature.Outputs)), Json.OipModelMetadata);
    }

    private ModelVersionDto? FindVersion(string name, string number)
        => _models.TryGetValue(name, out var versions)
            ? versions.FirstOrDefault(v => $"{v.Version}" == number || v.Aliases.Contains(number))
            : null;

    private static ILookup<string, string> QueryValues(string query)
        => query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToLookup(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""));

    internal static HttpResponseMessage Ok<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, HttpStatusCode status = HttpStatusCode.OK)
        => new(status) { Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, type)) { Headers = { ContentType = new("application/json") } } };

    internal static HttpResponseMessage Error(HttpStatusCode status, string message)
        => new(status) { Content = new StringContent(JsonSerializer.Serialize(new ErrorDto(message), Json.ErrorDto), Encoding.UTF8, "application/json") };
}

/// <summary>One request the fake received.</summary>
internal sealed record RecordedRequest(HttpMethod Method, string PathAndQuery, string? ContentType, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);
}
