using Microsoft.AspNetCore.Http;
using Modelplane.Registry.Models;
using Modelplane.Serving.Execution;

namespace Modelplane.Serving.Routing;

// The request path never waits without bound for a load and never reloads what an operator unloaded: a version that
// is loading is waited for by at most MaxQueue requests for at most DefaultTimeout, then 503 with Retry-After.
public sealed partial class ModelRuntimeCache
{
    private static readonly TimeSpan LoadingRetryAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan BudgetRetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Returns the runner for a version a request names, starting its load if it was never loaded. A version unloaded
    /// on request is not loaded again here: only <see cref="GetOrLoadAsync"/> (a control-plane load) does that.
    /// </summary>
    /// <exception cref="InferenceRejectedException">503: the version is unloaded, still loading, or over the memory budget.</exception>
    /// <exception cref="ModelLoadException">The artifact is missing, corrupt or cannot be loaded.</exception>
    public async Task<IModelRunner> GetForRequestAsync(ModelVersion version, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(version);
        RuntimeEntry entry;
        Task<IModelRunner> load;
        lock (_lock)
        {
            entry = GetEntryLocked(version);
            if (entry.Unloaded)
            {
                throw new InferenceRejectedException(
                    $"Model '{version.Model}' version {version.Version} is unloaded; load it with POST /v2/repository/models/{version.Model}/versions/{version.Version}/load.",
                    StatusCodes.Status503ServiceUnavailable,
                    TimeSpan.Zero);
            }

            if (entry.State == RuntimeState.Ready && entry.Load is { IsCompletedSuccessfully: true } ready)
            {
                return ready.Result;
            }

            if (entry.State == RuntimeState.Loading && entry.Waiters >= _options.MaxQueue)
            {
                throw StillLoading(version);
            }

            try
            {
                load = StartLoadLocked(entry);
            }
            catch (ModelMemoryBudgetException ex)
            {
                throw new InferenceRejectedException(ex.Message, StatusCodes.Status503ServiceUnavailable, BudgetRetryAfter);
            }

            entry.Waiters++;
        }

        try
        {
            return await load.WaitAsync(_options.DefaultTimeout, _time, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw StillLoading(version);
        }
        finally
        {
            lock (_lock)
            {
                entry.Waiters--;
            }
        }
    }

    private static InferenceRejectedException StillLoading(ModelVersion version) => new(
        $"Model '{version.Model}' version {version.Version} is loading; retry shortly.", StatusCodes.Status503ServiceUnavailable, LoadingRetryAfter);
}
