using System.Diagnostics;
using Modelplane.Registry.Artifacts;
using Modelplane.Registry.Models;
using Modelplane.Serving.Memory;

namespace Modelplane.Serving.Routing;

public sealed partial class ModelRuntimeCache
{
    private async Task<IModelRunner> LoadAsync(RuntimeEntry entry, int id)
    {
        var version = entry.Version;
        try
        {
            var bytes = await ReadArtifactAsync(version).ConfigureAwait(false);
            var (runner, footprint) = await CreateMeasuredAsync(entry, bytes).ConfigureAwait(false);
            lock (_lock)
            {
                if (entry.LoadId == id && entry.State == RuntimeState.Loading)
                {
                    entry.State = RuntimeState.Ready;
                    entry.FootprintBytes = footprint;
                    entry.ReservedBytes = 0;
                    return runner;
                }
            }

            runner.Dispose();
            throw new ModelLoadException($"Model '{version.Model}' version {version.Version} was unloaded or deleted while it loaded.");
        }
        catch (ModelLoadException ex)
        {
            lock (_lock)
            {
                // A failed load is not kept: the next load (or request) tries again and may find the problem fixed.
                if (entry.LoadId == id && entry.State == RuntimeState.Loading)
                {
                    entry.State = RuntimeState.Unavailable;
                    entry.Reason = ex.Message;
                    entry.Load = null;
                    entry.ReservedBytes = 0;
                }
            }

            throw;
        }
    }

    private async Task<byte[]> ReadArtifactAsync(ModelVersion version)
    {
        try
        {
            return await _artifacts.ReadVerifiedAsync(version.Digest, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ArtifactIntegrityException ex)
        {
            throw DigestMismatch(version, ex);
        }
        catch (ArtifactNotFoundException ex)
        {
            throw new ModelLoadException($"Model '{version.Model}' version {version.Version} cannot be loaded: {ex.Message}", ex);
        }
    }

    private async Task<(IModelRunner Runner, long Footprint)> CreateMeasuredAsync(RuntimeEntry entry, byte[] bytes)
    {
        var version = entry.Version;
        var settings = await SettingsOfAsync(version).ConfigureAwait(false);
        await _memory.MeasureGate.WaitAsync().ConfigureAwait(false);
        try
        {
            var before = ProcessMemory.ResidentBytes();
            var started = Stopwatch.GetTimestamp();
            var runner = _factory.Create(version, bytes, settings);
            if (_telemetry?.ForVersion(version.Model, version.Version) is { } telemetry)
            {
                telemetry.RecordLoad(Stopwatch.GetElapsedTime(started).TotalSeconds);
                runner.Statistics.ReportTo(telemetry);
            }

            // Resident growth catches what ONNX Runtime allocates natively (weights, pre-packed kernels, arenas), which
            // no managed counter sees. It can read low when the allocator reuses pages an unloaded version gave back,
            // or when a GC ran meanwhile, so the artifact size is the floor: the weights are in memory at least once.
            var footprint = Math.Max(bytes.LongLength, ProcessMemory.ResidentBytes() - before);
            return (runner, footprint);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Any runtime's load failure (ONNX Runtime, ML.NET, an unknown format) keeps the endpoint on what it served.
            throw new ModelLoadException($"Model '{version.Model}' version {version.Version} ({version.Format}) cannot be loaded: {ex.Message}", ex);
        }
        finally
        {
            _memory.MeasureGate.Release();
        }
    }
}
