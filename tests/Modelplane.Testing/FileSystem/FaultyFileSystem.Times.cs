namespace Modelplane.Testing.FileSystem;

// Last-write times, which the blob collector's grace period reads; they come from Clock, so tests control them.
public sealed partial class FaultyFileSystem
{
    /// <summary>The clock that stamps file creation and writes.</summary>
    /// <value>Defaults to <see cref="TimeProvider.System"/>.</value>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <inheritdoc />
    public DateTimeOffset GetLastWriteTime(string path)
    {
        path = Normalize(path);
        lock (_gate)
        {
            ThrowIfPoweredOff();
            return GetFile(path).LastWrite;
        }
    }

    /// <inheritdoc />
    public void SetLastWriteTime(string path, DateTimeOffset time)
    {
        path = Normalize(path);
        lock (_gate)
        {
            BeginOperation();
            GetFile(path).LastWrite = time;
        }
    }
}
