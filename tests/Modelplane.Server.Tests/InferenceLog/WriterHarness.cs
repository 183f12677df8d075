using System.Buffers;
using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Modelplane.Governance.Secrets;
using Modelplane.Registry.FileSystem;
using Modelplane.Registry.InferenceLog;
using Modelplane.Server.InferenceLog;
using Modelplane.Server.Rollouts;
using Modelplane.Server.Telemetry;
using Modelplane.Serving.Logging;

namespace Modelplane.Server.Tests.InferenceLog;

/// <summary>An <see cref="InferenceLogWriter"/> over a given store, outside the host, and sampled requests to give it.</summary>
internal static class WriterHarness
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly EndpointLog Churn = new("churn", 1, TimeSpan.FromDays(30), FieldRedactor.None);

    public static InferenceLogWriter Writer(IInferenceLogStore store, TimeProvider time)
    {
        var services = new ServiceCollection().AddMetrics().AddModelplaneRegistry().BuildServiceProvider();
        // The key is never read: no endpoint here redacts.
        var keys = new DerivedKeys(new SecretMasterKey(Convert.ToBase64String(new byte[32]), null, Path.GetTempPath(), services.GetRequiredService<IFileSystem>()));
        var workspace = new WorkspaceScope("default");
        return new InferenceLogWriter(
            store,
            new InferenceLogSampling(keys, workspace),
            new InferenceLogMetrics(new ModelplaneMeter(services.GetRequiredService<IMeterFactory>())),
            workspace,
            time,
            NullLogger<InferenceLogWriter>.Instance);
    }

    /// <summary>A sampled OIP request of the <c>churn</c> endpoint as the request thread leaves it for the writer.</summary>
    public static PendingLog Pending(
        string requestId,
        string body,
        string? answer,
        RequestFormat format = RequestFormat.OipJson,
        bool answerIsJson = true,
        int second = 0,
        string? caller = "alice")
    {
        var pending = new PendingLog(Churn, requestId, T0.AddSeconds(second), caller)
        {
            Model = "churn-model",
            Version = 1,
            Route = "split",
            Status = answer is null ? 500 : 200,
            LatencyMs = 0.25,
        };
        pending.KeepBody(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(body)), format, 0);
        if (answer is not null)
        {
            pending.KeepAnswer(Encoding.UTF8.GetBytes(answer), answerIsJson);
        }

        return pending;
    }
}
