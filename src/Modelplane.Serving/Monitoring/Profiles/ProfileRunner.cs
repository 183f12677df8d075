using Modelplane.Serving.Execution;
using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.Monitoring.Profiles;

/// <summary>
/// Runs profiling rows through a loaded version, in batches, straight on its runner (never through an endpoint's route,
/// so nothing reaches request metrics, rollouts or the inference log), and collects the outputs for the profiler.
/// </summary>
public static class ProfileRunner
{
    /// <summary>Rows per call when the model's batch dimension is dynamic.</summary>
    public const int BatchRows = 256;

    private static readonly TimeSpan CapacityPoll = TimeSpan.FromMilliseconds(10);

    /// <summary>Runs every row of <paramref name="features"/> and returns the outputs.</summary>
    /// <param name="runner">The version's runner.</param>
    /// <param name="layout">The layout of the version's signature.</param>
    /// <param name="features">One column per feature slot.</param>
    /// <param name="time">Paces the wait while the version is at capacity: live requests go first.</param>
    /// <param name="ct">Cancels the run.</param>
    /// <exception cref="InferenceRequestException">The model refused the data (an input type the runtime cannot take).</exception>
    public static async Task<ProfileOutputs> RunAsync(
        IModelRunner runner, FeatureLayout layout, IReadOnlyList<ProfileColumn> features, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(features);
        var rows = features.Count == 0 ? 0 : features[0].Count;
        var outputs = new ProfileOutputs(layout, rows);
        var inputs = runner.Version.Signature.Inputs;

        // A fixed batch dimension (a model exported for batch 1) is honoured; a dynamic one takes BatchRows at a time.
        var fixedBatch = inputs.Count > 0 && inputs[0].Shape.Count > 0 && inputs[0].Shape[0] > 0 ? (int)inputs[0].Shape[0] : 0;
        var step = fixedBatch > 0 ? fixedBatch : BatchRows;
        for (var start = 0; start < rows; start += step)
        {
            var count = Math.Min(step, rows - start);
            try
            {
                await RunBatchAsync(runner, new ProfileBatchCodec(layout, features, outputs, start, count, fixedBatch > 0 ? fixedBatch : count), time, ct)
                    .ConfigureAwait(false);
            }
            catch (Exception ex) when (IsRowFailure(ex))
            {
                // One bad row (a NaN an operator refuses) fails its whole batch: run the batch row by row, so only the rows
                // the model cannot score keep missing outputs.
                for (var row = start; row < start + count; row++)
                {
                    try
                    {
                        await RunBatchAsync(runner, new ProfileBatchCodec(layout, features, outputs, row, 1, Math.Max(fixedBatch, 1)), time, ct)
                            .ConfigureAwait(false);
                    }
                    catch (Exception rowError) when (IsRowFailure(rowError))
                    {
                        outputs.Failed(rowError.Message);
                    }
                }
            }
        }

        if (rows > 0 && outputs.FailedRows == rows)
        {
            throw new ProfileDataException($"Model {runner.Version.Model}@{runner.Version.Version} failed on every row of the data; the first error: {outputs.FirstError}");
        }

        return outputs;
    }

    private static async Task RunBatchAsync(IModelRunner runner, ProfileBatchCodec codec, TimeProvider time, CancellationToken ct)
    {
        while (true)
        {
            while (runner.IsAtCapacity)
            {
                await Task.Delay(CapacityPoll, time, ct).ConfigureAwait(false);
            }

            try
            {
                await runner.InferAsync(codec, new InferenceCall(runner.Version.Model, Aborted: ct)).ConfigureAwait(false);
                return;
            }
            catch (InferenceRejectedException)
            {
                // Live traffic took the slot first; wait for the next one.
                await Task.Delay(CapacityPoll, time, ct).ConfigureAwait(false);
            }
        }
    }

    // A runtime error on the data (not a request that cannot fit the model, a cancellation or an unloaded version).
    private static bool IsRowFailure(Exception ex) =>
        ex is not (OperationCanceledException or InferenceRequestException or InferenceRejectedException or ObjectDisposedException);
}
