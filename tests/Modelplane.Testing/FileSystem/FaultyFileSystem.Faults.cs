namespace Modelplane.Testing.FileSystem;

// Fault injection: EIO on a chosen fsync, ENOSPC after a byte budget, stalls, and power loss at a chosen operation.
public sealed partial class FaultyFileSystem
{
    private readonly ManualResetEventSlim _running = new(initialState: true);
    private int _fsyncsUntilFailure;
    private long? _freeBytes;
    private int _operationsUntilPowerLoss;
    private bool _poweredOff;

    /// <summary>Counts mutating operations (create, write, sync, directory sync, rename, delete, mkdir) so far.</summary>
    public int OperationCount { get; private set; }

    /// <summary>Counts fsync calls (<see cref="Sync"/> and <see cref="SyncDirectory"/>) so far.</summary>
    public int FsyncCount { get; private set; }

    /// <summary>Makes the <paramref name="nth"/> fsync from now (1 = the next) throw an EIO <see cref="IOException"/>, once.</summary>
    public void FailFsyncAt(int nth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nth, 1);
        lock (_gate)
        {
            _fsyncsUntilFailure = nth;
        }
    }

    /// <summary>
    /// Leaves <paramref name="bytes"/> of free space: the write that would pass it throws an ENOSPC
    /// <see cref="IOException"/> (HResult 28) and writes nothing. The disk stays full until <see cref="FreeSpace"/>.
    /// </summary>
    public void FailWritesAfter(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_gate)
        {
            _freeBytes = bytes;
        }
    }

    /// <summary>Removes the space limit set by <see cref="FailWritesAfter"/>.</summary>
    public void FreeSpace()
    {
        lock (_gate)
        {
            _freeBytes = null;
        }
    }

    /// <summary>Makes writes and fsyncs block until <see cref="Resume"/>.</summary>
    public void Stall() => _running.Reset();

    /// <summary>Releases a <see cref="Stall"/>.</summary>
    public void Resume() => _running.Set();

    /// <summary>
    /// Cuts power at the <paramref name="nth"/> mutating operation from now: that operation does not happen, the
    /// file system <see cref="Crash"/>es, and every call throws until <see cref="PowerOn"/>.
    /// </summary>
    public void LosePowerAtOperation(int nth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nth, 1);
        lock (_gate)
        {
            _operationsUntilPowerLoss = nth;
        }
    }

    /// <summary>Restores power after <see cref="LosePowerAtOperation"/>, as a reboot would; the durable state is kept.</summary>
    public void PowerOn()
    {
        lock (_gate)
        {
            _poweredOff = false;
        }
    }

    private void BeginOperation()
    {
        ThrowIfPoweredOff();
        OperationCount++;
        if (_operationsUntilPowerLoss > 0 && --_operationsUntilPowerLoss == 0)
        {
            CrashCore();
            _poweredOff = true;
            ThrowIfPoweredOff();
        }
    }

    private void ThrowIfPoweredOff()
    {
        if (_poweredOff)
        {
            throw new IOException("Simulated power loss: the file system is unavailable.");
        }
    }

    private bool NextFsyncFails()
    {
        FsyncCount++;
        return _fsyncsUntilFailure > 0 && --_fsyncsUntilFailure == 0;
    }

    private void WaitWhileStalled() => _running.Wait();

    private void Append(Node node, int epoch, ReadOnlySpan<byte> bytes)
    {
        WaitWhileStalled();
        lock (_gate)
        {
            BeginOperation();
            if (epoch != _epoch)
            {
                throw new IOException("The file handle did not survive the crash.");
            }

            if (_freeBytes is { } free)
            {
                if (bytes.Length > free)
                {
                    throw new IOException("No space left on device.", Registry.FileSystem.FileSystemErrors.ENOSPC);
                }

                _freeBytes = free - bytes.Length;
            }

            node.Data.Write(bytes);
            node.LastWrite = Clock.GetUtcNow();
        }
    }
}
