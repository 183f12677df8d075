using Microsoft.Extensions.Options;
using Modelplane.Registry.Slos;
using Modelplane.Server.Rollouts;

namespace Modelplane.Server.Slos;

/// <summary>
/// Writes a workspace's per-minute SLO counts to its registry database every <see cref="SloOptions.FlushInterval"/>
/// and on shutdown, adding to what is stored, so a restart loses nothing that was flushed. At start it gives every
/// endpoint's cell its latency threshold, before the workspace serves.
/// </summary>
internal sealed partial class SloFlusher(
    ISloStore store,
    SloRecorders recorders,
    WorkspaceScope workspace,
    IOptions<SloOptions> options,
    TimeProvider time,
    ILogger<SloFlusher> logger) : BackgroundService
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromHours(1);

    private readonly SemaphoreSlim _flush = new(1, 1);

    // Rows a failed write left behind; the next flush writes them with the new ones.
    private readonly List<SloMinuteCount> _pending = [];
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    public SloAccumulator Counts => recorders.For(workspace.Name);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var group in (await store.ListAsync(null, cancellationToken).ConfigureAwait(false)).GroupBy(o => o.Endpoint, StringComparer.Ordinal))
        {
            ApplyThresholds(group.Key, [.. group]);
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Points the endpoint's cell at its latency objective's threshold (none when <paramref name="objectives"/> has no latency).</summary>
    public void ApplyThresholds(string endpoint, IReadOnlyList<SloObjective> objectives) =>
        Counts.Cell(endpoint).LatencyThresholdMs = objectives.FirstOrDefault(o => o.Objective == SloObjectives.Latency)?.ThresholdMs;

    /// <summary>Writes what was counted since the last flush; a failed write is kept and retried by the next one.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        await _flush.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            foreach (var cell in Counts.Cells)
            {
                cell.Drain(recorders.NodeId, _pending);
            }

            if (_pending.Count > 0)
            {
                await store.AddCountsAsync(_pending, ct).ConfigureAwait(false);
                _pending.Clear();
            }

            var now = time.GetUtcNow();
            if (now >= _nextSweep)
            {
                _nextSweep = now + SweepInterval;
                var keepFrom = (now - SloObjective.MaxWindow - TimeSpan.FromDays(1)).ToUnixTimeMilliseconds() / 60_000;
                await store.DeleteCountsBeforeAsync(keepFrom, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            _flush.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await TryFlushAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the last counts are written below.
        }

        await TryFlushAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private async Task TryFlushAsync(CancellationToken ct)
    {
        try
        {
            await FlushAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFlushFailed(logger, workspace.Name, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the SLO counts of workspace {Workspace} failed; the next flush retries them")]
    private static partial void LogFlushFailed(ILogger logger, string workspace, Exception exception);
}
