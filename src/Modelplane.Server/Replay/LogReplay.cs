using System.Buffers;
using Modelplane.Registry.InferenceLog;
using Modelplane.Serving;
using Modelplane.Serving.Oip;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Routing;

namespace Modelplane.Server.Replay;

/// <summary>
/// Runs logged inputs through a loaded version offline: straight on its runner, never through an endpoint's route, so
/// nothing of it reaches request metrics, split or rollout windows, shadow or cascade figures, or the inference log.
/// </summary>
internal static class LogReplay
{
    private static readonly TimeSpan CapacityPoll = TimeSpan.FromMilliseconds(10);

    /// <summary>Replays the records one at a time and adds each comparison, skip or failure to <paramref name="tally"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled (the caller went away).</exception>
    public static async Task RunAsync(
        IReadOnlyList<InferenceLogRecord> records, IModelRunner runner, ServingOptions options, ReplayTally tally, TimeProvider time, CancellationToken ct)
    {
        var response = new ArrayBufferWriter<byte>();
        foreach (var record in records)
        {
            ct.ThrowIfCancellationRequested();
            if (ReplayInputs.OipBody(record, out var skipped) is not { } body)
            {
                tally.Skip(skipped!);
                continue;
            }

            if (Prediction.FromLoggedOutputs(record.Outputs) is not { } logged)
            {
                tally.Skip(ReplayInputs.OutputNotLogged);
                continue;
            }

            // One record at a time, and only while the version has a free slot: live requests always go first.
            while (runner.IsAtCapacity)
            {
                await Task.Delay(CapacityPoll, time, ct).ConfigureAwait(false);
            }

            var observation = new PredictionObservation(keepValues: true);
            response.ResetWrittenCount();
            try
            {
                await runner.InferAsync(
                    new OipJsonCodec(new ReadOnlySequence<byte>(body), response, options),
                    new InferenceCall(runner.Version.Model, Aborted: ct) { Observer = observation }).ConfigureAwait(false);
                tally.Add(record, logged, new Prediction(observation.Labels, observation.Scores));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Bad input for this version, a rejection, a runtime error, the version unloaded meanwhile: the record
                // counts as failed and the replay goes on, so one odd row cannot hide what the others show.
                tally.Fail(ex.Message);
            }
        }
    }
}
