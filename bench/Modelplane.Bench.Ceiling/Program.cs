using System.Buffers;
using System.Text;
using System.Text.Json;

// The ceiling: same route, same request body and a response of the same shape as Modelplane's OIP infer,
// but no model, no validation and no metrics. The body is read to the end and checked to be JSON, so the
// comparison measures what Modelplane adds on top of a server that honestly consumes the request.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
var app = builder.Build();

var canned = Encoding.UTF8.GetBytes(
    """{"model_name":"breast-cancer","model_version":"1","outputs":[{"name":"PredictedLabel.output","datatype":"BOOL","shape":[1,1],"data":[true]},{"name":"Score.output","datatype":"FP32","shape":[1,1],"data":[4.2]},{"name":"Probability.output","datatype":"FP32","shape":[1,1],"data":[0.98]}]}""");

app.MapGet("/v2/health/ready", () => Results.Ok());
app.MapPost("/v2/models/{name}/infer", async (HttpContext context) =>
{
    var reader = context.Request.BodyReader;
    while (true)
    {
        var result = await reader.ReadAsync();
        if (result.IsCompleted)
        {
            var valid = IsJson(result.Buffer);
            reader.AdvanceTo(result.Buffer.End);
            context.Response.StatusCode = valid ? 200 : 400;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = canned.Length;
            await context.Response.BodyWriter.WriteAsync(canned);
            return;
        }

        reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
    }
});

app.Run();

static bool IsJson(ReadOnlySequence<byte> body)
{
    var reader = new Utf8JsonReader(body);
    try
    {
        while (reader.Read())
        {
        }

        return true;
    }
    catch (JsonException)
    {
        return false;
    }
}
