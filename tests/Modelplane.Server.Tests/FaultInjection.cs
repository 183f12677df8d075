using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Modelplane.Registry.Models;
using Modelplane.Serving;
using Modelplane.Serving.Execution;
using Modelplane.Serving.Protocol;

namespace Modelplane.Server.Tests;

/// <summary>
/// A server whose ONNX versions can be made slow or failing by name, for the routing policies' tests (shadow, fallback,
/// rollout analysis). The versions are real ONNX Runtime sessions; only the delay or the failure is injected, because
/// ONNX has no operator that sleeps or throws on demand.
/// </summary>
/// <remarks>The rollout controller checks every 100 ms, so bakes of a second or two end on time.</remarks>
public sealed class FaultInjectionAppFactory() : ModelplaneAppFactory(new() { ["Modelplane:Rollouts:TickInterval"] = "00:00:00.100" })
{
    private readonly ConcurrentDictionary<(string Model, int Version), Fault> _faults = new();

    /// <summary>Makes every run of <paramref name="model"/>@<paramref name="version"/> wait <paramref name="delay"/> first.</summary>
    public void Delay(string model, int version, TimeSpan delay) => _faults[(model, version)] = new Fault(delay, Throws: false);

    /// <summary>Makes every run of <paramref name="model"/>@<paramref name="version"/> fail with an internal error.</summary>
    public void Fail(string model, int version) => _faults[(model, version)] = new Fault(TimeSpan.Zero, Throws: true);

    /// <summary>
    /// Makes every run of <paramref name="model"/>@<paramref name="version"/> keep its execution slot for
    /// <paramref name="hold"/> after the model ran, so calls behind it wait (and time out) in the real runner's queue.
    /// </summary>
    public void Hold(string model, int version, TimeSpan hold) => _faults[(model, version)] = new Fault(TimeSpan.Zero, Throws: false, hold);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton(sp => new ModelRunnerFactory(
            sp.GetServices<IModelRuntime>().Select(r => r.Format == "onnx" ? new FaultyRuntime(r, _faults) : r),
            ExecutionSettings.From(sp.GetRequiredService<IOptions<ServingOptions>>().Value))));
    }

    private sealed record Fault(TimeSpan Delay, bool Throws, TimeSpan Hold = default);

    // Encoding happens while the runner holds the call's slot: sleeping there keeps the slot taken.
    private readonly struct HoldingCodec<TCodec>(TCodec inner, TimeSpan hold) : IInferenceCodec
        where TCodec : IInferenceCodec
    {
        public void Decode(InferenceRequest request) => inner.Decode(request);

        public void Encode(InferenceResult result)
        {
            Thread.Sleep(hold);
            inner.Encode(result);
        }
    }

    private sealed class FaultyRuntime(IModelRuntime inner, ConcurrentDictionary<(string, int), Fault> faults) : IModelRuntime
    {
        public string Format => inner.Format;

        public IModelRunner Create(ModelVersion version, byte[] artifact, ExecutionSettings settings) =>
            new FaultyRunner(inner.Create(version, artifact, settings), faults);
    }

    private sealed class FaultyRunner(IModelRunner inner, ConcurrentDictionary<(string, int), Fault> faults) : IModelRunner
    {
        public ModelVersion Version => inner.Version;

        public ExecutionSettings Settings => inner.Settings;

        public InferenceStatistics Statistics => inner.Statistics;

        public bool IsAtCapacity => inner.IsAtCapacity;

        public async ValueTask InferAsync<TCodec>(TCodec codec, InferenceCall invocation)
            where TCodec : IInferenceCodec
        {
            if (faults.TryGetValue((Version.Model, Version.Version), out var fault))
            {
                if (fault.Throws)
                {
                    throw new InvalidOperationException($"Injected fault in {Version.Model}@{Version.Version}.");
                }

                await Task.Delay(fault.Delay, invocation.Aborted);
                if (fault.Hold > TimeSpan.Zero)
                {
                    await inner.InferAsync(new HoldingCodec<TCodec>(codec, fault.Hold), invocation);
                    return;
                }
            }

            await inner.InferAsync(codec, invocation);
        }

        public void Dispose() => inner.Dispose();
    }
}
