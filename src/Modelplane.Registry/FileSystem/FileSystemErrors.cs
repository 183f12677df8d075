namespace Modelplane.Registry.FileSystem;

/// <summary>Classifies file-system failures so hosts can map them to the right status (507 for a full disk).</summary>
public static class FileSystemErrors
{
    /// <summary>The Linux errno for "No space left on device".</summary>
    public const int ENOSPC = 28;

    /// <summary>The Linux errno for an I/O error, as returned by a failing fsync.</summary>
    public const int EIO = 5;

    // HRESULT_FROM_WIN32(ERROR_DISK_FULL) and HRESULT_FROM_WIN32(ERROR_HANDLE_DISK_FULL).
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);

    /// <summary>Returns whether <paramref name="exception"/> (or an inner exception) reports a full disk.</summary>
    /// <remarks>On Unix .NET puts the raw errno in <see cref="Exception.HResult"/> of an <see cref="IOException"/>.</remarks>
    public static bool IsDiskFull(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is IOException { HResult: ENOSPC or WindowsDiskFull or WindowsHandleDiskFull })
            {
                return true;
            }
        }

        return false;
    }
}
