using Microsoft.Extensions.Time.Testing;
using Modelplane.Registry.InferenceLog;
using Modelplane.Registry.Storage.Sqlite.InferenceLog;
using Modelplane.Testing.FileSystem;

namespace Modelplane.Registry.Tests.InferenceLog;

/// <summary>A store over <c>inference-log.db</c> in a fresh temp directory, and records to put in it.</summary>
internal sealed class InferenceLogTestData : IDisposable
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public InferenceLogTestData()
    {
        Store = SqliteInferenceLogStore.Open(Directory.Path, Time);
    }

    public TempDirectory Directory { get; } = new();

    public FakeTimeProvider Time { get; } = new(T0.AddDays(1));

    public SqliteInferenceLogStore Store { get; }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A record served <paramref name="second"/> seconds after <see cref="T0"/>.</summary>
    public static InferenceLogRecord Record(
        string requestId,
        int second = 0,
        string endpoint = "churn",
        string model = "churn-model",
        int version = 1,
        string inputs = """{"tenure":[12]}""",
        string? outputs = """{"p":[0.25]}""",
        string route = "split",
        string? caller = "alice") =>
        new(requestId, T0.AddSeconds(second), endpoint, model, version, inputs, outputs, 3.5, 200, route, caller);

    public void Dispose() => Directory.Dispose();
}
