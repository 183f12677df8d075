using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Registry.Slos;
using Modelplane.Server.Rollouts;

namespace Modelplane.Server.Slos;

/// <summary>
/// Takes a workspace's alert notifications off the evaluator: a bounded queue (full: the notification is dropped and
/// logged), drained by one loop that posts each notification to every receiver at once and records the outcome.
/// </summary>
internal sealed partial class AlertNotifier(
    IAlertStore store,
    AlertDelivery delivery,
    WorkspaceScope workspace,
    IOptions<AlertOptions> options,
    ILogger<AlertNotifier> logger) : BackgroundService
{
    private readonly Channel<AlertNotificationDto> _queue = Channel.CreateBounded<AlertNotificationDto>(
        new BoundedChannelOptions(options.Value.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    private int _busy;

    /// <summary>True while nothing is queued or being delivered.</summary>
    public bool Idle => _queue.Reader.Count == 0 && Volatile.Read(ref _busy) == 0;

    /// <summary>Queues a notification without waiting; false (and logged) when the queue is full.</summary>
    public bool Enqueue(AlertNotificationDto notification)
    {
        // Counted busy before it is visible in the queue, so Idle never reads true in between.
        Interlocked.Increment(ref _busy);
        if (_queue.Writer.TryWrite(notification))
        {
            return true;
        }

        Interlocked.Decrement(ref _busy);
        LogDropped(logger, workspace.Name, notification.Endpoint);
        return false;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var notification in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await DeliverAsync(notification, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogDeliveryFailed(logger, workspace.Name, notification.Endpoint, ex);
                }
                finally
                {
                    Interlocked.Decrement(ref _busy);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is not sent (at most once, never twice).
        }
    }

    private async Task DeliverAsync(AlertNotificationDto notification, CancellationToken ct)
    {
        var receivers = await store.ListReceiversAsync(ct).ConfigureAwait(false);
        var body = JsonSerializer.SerializeToUtf8Bytes(notification, ModelplaneJson.Context.AlertNotificationDto);
        await Task.WhenAll(receivers.Select(async receiver =>
        {
            var failure = await delivery.SendAsync(workspace.Name, receiver, body, ct).ConfigureAwait(false);
            if (failure is not null)
            {
                LogReceiverFailed(logger, receiver.Name, notification.Endpoint, failure);
            }

            await store.RecordDeliveryAsync(receiver.Name, failure is null, failure, ct).ConfigureAwait(false);
        })).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The alert queue of workspace {Workspace} is full; a notification about {Endpoint} was dropped")]
    private static partial void LogDropped(ILogger logger, string workspace, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering alerts of workspace {Workspace} about {Endpoint} failed")]
    private static partial void LogDeliveryFailed(ILogger logger, string workspace, string endpoint, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Receiver} did not accept the alerts about {Endpoint}: {Failure}")]
    private static partial void LogReceiverFailed(ILogger logger, string receiver, string endpoint, string failure);
}
