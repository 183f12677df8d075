using System.Globalization;
using System.Runtime.InteropServices;

namespace Modelplane.Serving.Memory;

/// <summary>Reads the process's resident memory and gives freed memory back to the operating system.</summary>
internal static partial class ProcessMemory
{
    private static int s_trimUnavailable;

    /// <summary>The process's resident set size in bytes (VmRSS on Linux).</summary>
    public static long ResidentBytes()
    {
        if (OperatingSystem.IsLinux())
        {
            // statm is one short line; its second field is the resident page count (the same figure as VmRSS).
            try
            {
                var fields = File.ReadAllText("/proc/self/statm").Split(' ', 3);
                return long.Parse(fields[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
            }
            catch (IOException)
            {
            }
        }

        return Environment.WorkingSet;
    }

    /// <summary>
    /// Collects managed garbage (the artifact bytes and buffers of an unloaded version) and asks glibc to return free
    /// heap pages to the system. Call after a version is unloaded; it blocks for a few milliseconds.
    /// </summary>
    public static void Release()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();

        // ONNX Runtime frees a session's weights with free(); glibc keeps large freed blocks in its arenas (its mmap
        // threshold grows after such frees), so without a trim the RSS only ever goes up across load/unload cycles.
        if (OperatingSystem.IsLinux() && Volatile.Read(ref s_trimUnavailable) == 0)
        {
            try
            {
                _ = MallocTrim(0);
            }
            catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
            {
                Volatile.Write(ref s_trimUnavailable, 1); // musl and other C libraries have no malloc_trim
            }
        }
    }

    [DllImport("libc.so.6", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
}
