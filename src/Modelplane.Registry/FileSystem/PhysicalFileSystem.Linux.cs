using System.Runtime.InteropServices;

namespace Modelplane.Registry.FileSystem;

// .NET cannot open a directory as a FileStream, so the directory fsync that makes a rename durable
// goes straight to libc: open(O_RDONLY | O_DIRECTORY), fsync, close.
internal sealed partial class PhysicalFileSystem
{
    private const int ORdOnly = 0;
    private const int OCloExec = 0x80000;
    private const int EIntr = 4;

    // O_DIRECTORY differs between architectures: 0200000 (octal) on x86, 040000 on ARM.
    private static int ODirectory =>
        RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 ? 0x4000 : 0x10000;

    private static void FsyncDirectory(string path)
    {
        int fd;
        do
        {
            fd = Open(path, ORdOnly | ODirectory | OCloExec);
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == EIntr);

        if (fd < 0)
        {
            throw ErrnoException("open", path, Marshal.GetLastPInvokeError());
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw ErrnoException("fsync", path, Marshal.GetLastPInvokeError());
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private static IOException ErrnoException(string call, string path, int errno) =>
        new($"{call} of directory '{path}' failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).", errno);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
