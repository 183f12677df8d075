namespace Modelplane.Serving.Execution;

/// <summary>One request waiting for, or running in, a dynamic batch; completed by whoever ran the batch.</summary>
/// <param name="rows">Rows the request adds to a batch (its leading dimension).</param>
internal abstract class BatchItem(long rows)
{
    // Continuations run asynchronously so that the thread that ran the batch does not also encode every response.
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Rows => rows;

    /// <summary>When the item entered the queue, in <see cref="TimeProvider.GetTimestamp"/> units of the batcher's clock.</summary>
    public long Enqueued { get; set; }

    /// <summary>Completes when the item's outputs are in place, or faults with the batch's error.</summary>
    public Task Completion => _done.Task;

    public void Complete() => _done.TrySetResult();

    public void Fail(Exception error) => _done.TrySetException(error);
}
