using System.Buffers;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Routing;

namespace Modelplane.Server.Oip;

// An endpoint with a cascade, a fallback or a shadow takes this path (RoutePolicies); the shadow gets a copy of the
// body once the caller has the answer.
internal sealed partial class InferenceHandler
{
    private async ValueTask<RouteArm> RunWithPoliciesAsync<TProtocol>(
        HttpContext context, ServingRoute route, RouteArm chosen, TProtocol protocol, ReadOnlySequence<byte> body, PooledBufferWriter output, InferenceCall call,
        InferenceLog.PendingLog? logged)
        where TProtocol : IHttpInferenceProtocol
    {
        var mirror = route.Shadow is { } shadow && shadow.ShouldMirror() ? shadow : null;
        var run = new HttpArmRun<TProtocol>(context, protocol, body, output, call);
        var (answered, observation) = await RoutePolicies.AnswerAsync(route, chosen, run, keepValues: mirror is not null, logger).ConfigureAwait(false);
        context.Response.Headers[VersionHeader] = answered.Label;
        logged?.KeepAnswer(output.WrittenMemory.Span, IsJson(context));
        await WriteAnswerAsync(context, output).ConfigureAwait(false);
        if (mirror is not null)
        {
            var contentType = context.Request.ContentType;
            shadows.Mirror(mirror, route.Name, observation!, () => new HttpShadowCopy<TProtocol>(protocol, body, contentType));
        }

        return answered;
    }

    private readonly struct HttpArmRun<TProtocol>(
        HttpContext context, TProtocol protocol, ReadOnlySequence<byte> body, PooledBufferWriter output, InferenceCall call) : IArmRun
        where TProtocol : IHttpInferenceProtocol
    {
        public bool CallerLeft => context.RequestAborted.IsCancellationRequested;

        public ValueTask RunAsync(RouteArm arm, IInferenceObserver? observer)
        {
            output.Clear();
            return protocol.RunAsync(context, arm.Runner, body, output, call with { Observer = observer });
        }
    }
}
