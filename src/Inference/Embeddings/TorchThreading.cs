using System.Runtime.InteropServices;
using TorchSharp;

namespace PowerAutomation.Inference.Embeddings;

/// <summary>
/// Process-wide settings of libtorch's OpenMP pool. By default its threads spin while waiting for each other; when
/// anything else wants the same cores (Orleans, the gateway, a build) a spinning waiter holds a core its partner
/// needs, and one MiniLM sentence went from 12 ms to 120–600 ms on two busy cores. Sleeping waiters cost about a
/// third at batch size 1 on idle cores (9.5 → 13 ms; batches lose little): a dedicated inference box that wants
/// that back sets OMP_WAIT_POLICY=ACTIVE itself.
/// </summary>
public static class TorchThreading
{
    /// <summary>
    /// Sets OMP_WAIT_POLICY=PASSIVE in the native environment unless it is already set. libgomp reads it once,
    /// when libtorch loads, so this must run before the first TorchSharp call.
    /// </summary>
    public static void PreferPassiveWait()
    {
        // Environment.SetEnvironmentVariable changes only .NET's copy on Unix; libgomp reads the C environment.
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            _ = SetEnv("OMP_WAIT_POLICY", "PASSIVE", overwrite: 0);
        }
    }

    /// <summary>Threads torch uses inside one operation, for the whole process; null leaves libtorch's default (one per core).</summary>
    public static void SetIntraOpThreads(int? threads)
    {
        if (threads is { } count)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
            torch.set_num_threads(count);
        }
    }

    // DllImport rather than LibraryImport: the generated marshaller would need unsafe code for one call at load.
    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
