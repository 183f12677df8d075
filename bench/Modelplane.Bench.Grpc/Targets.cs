using System.Globalization;
using System.Net;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Modelplane.Server.Grpc.Protocol;

namespace Modelplane.Bench.Grpc;

/// <summary>The two ways to ask for one row's prediction: OIP JSON over REST (HTTP/1.1) and OIP ModelInfer over gRPC (HTTP/2).</summary>
internal sealed class Targets(Uri rest, Uri grpc, string model, string input, float[] row) : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    private readonly byte[] _json = Encoding.UTF8.GetBytes(
        $$"""{"inputs":[{"name":"{{input}}","shape":[1,{{row.Length}}],"datatype":"FP32","data":[{{string.Join(",", row.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}}]}]}""");

    // The server's admin token (env TOKEN), sent by every call: REST as a header, gRPC as the same metadata.
    private static readonly string? Token = Environment.GetEnvironmentVariable("TOKEN");
    private static readonly Metadata Headers = Token is { Length: > 0 } t ? new Metadata { { "authorization", $"Bearer {t}" } } : [];

    /// <summary>One HTTP/1.1 connection pool with a connection per caller, as wrk opens one per connection.</summary>
    public Func<int, Func<Task<bool>>> Rest(int clients)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = rest,
        };
        Authorize(http);
        _owned.Add(http);
        var path = $"/v2/models/{model}/infer";
        return _ => async () =>
        {
            using var content = new ByteArrayContent(_json);
            content.Headers.ContentType = new("application/json");
            using var response = await http.PostAsync(path, content);
            await response.Content.ReadAsByteArrayAsync();
            return response.StatusCode == HttpStatusCode.OK;
        };
    }

    /// <summary>gRPC callers spread over <paramref name="channels"/> HTTP/2 connections (each multiplexes its callers' streams).</summary>
    public Func<int, Func<Task<bool>>> Grpc(int channels, bool raw)
    {
        var clients = Enumerable.Range(0, channels).Select(_ =>
        {
            var channel = GrpcChannel.ForAddress(grpc, new GrpcChannelOptions
            {
                HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan },
            });
            _owned.Add(channel);
            return new GRPCInferenceService.GRPCInferenceServiceClient(channel);
        }).ToArray();
        var request = Request(raw);
        return i =>
        {
            var client = clients[i % clients.Length];
            return async () => (await client.ModelInferAsync(request, Headers)).Outputs.Count > 0;
        };
    }

    private static void Authorize(HttpClient http)
    {
        if (Token is { Length: > 0 })
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        }
    }

    /// <summary>One call each way, to show both answer the same prediction before anything is measured.</summary>
    public async Task<(string RestAnswer, string GrpcAnswer)> ProbeAsync()
    {
        using var http = new HttpClient { BaseAddress = rest };
        Authorize(http);
        using var content = new ByteArrayContent(_json);
        content.Headers.ContentType = new("application/json");
        using var response = await http.PostAsync($"/v2/models/{model}/infer", content);
        var restBody = await response.Content.ReadAsStringAsync();

        using var channel = GrpcChannel.ForAddress(grpc);
        var answer = await new GRPCInferenceService.GRPCInferenceServiceClient(channel).ModelInferAsync(Request(raw: true), Headers);
        var outputs = answer.Outputs.Select((o, k) => $"{o.Name} {o.Datatype} [{string.Join(",", o.Shape)}] = {Format(o.Datatype, answer.RawOutputContents[k])}");
        return (restBody, string.Join("; ", outputs));
    }

    public void Dispose() => _owned.ForEach(d => d.Dispose());

    private ModelInferRequest Request(bool raw)
    {
        var tensor = new ModelInferRequest.Types.InferInputTensor { Name = input, Datatype = "FP32", Shape = { 1, row.Length } };
        var request = new ModelInferRequest { ModelName = model, Inputs = { tensor } };
        if (raw)
        {
            var bytes = new byte[row.Length * sizeof(float)];
            Buffer.BlockCopy(row, 0, bytes, 0, bytes.Length);
            request.RawInputContents.Add(ByteString.CopyFrom(bytes));
        }
        else
        {
            tensor.Contents = new InferTensorContents();
            tensor.Contents.Fp32Contents.AddRange(row);
        }
        return request;
    }

    private static string Format(string datatype, ByteString data) => datatype switch
    {
        "FP32" => string.Join(",", System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(data.Span).ToArray()),
        "INT64" => string.Join(",", System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(data.Span).ToArray()),
        _ => $"{data.Length} bytes",
    };
}
