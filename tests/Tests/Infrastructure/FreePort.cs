using System.Net;
using System.Net.Sockets;

namespace PowerAutomation.Tests.Infrastructure;

/// <summary>
/// Picks a loopback port that is free right now, for a process that binds it a moment later. Ports come from below the
/// kernel's ephemeral range: a port the kernel handed out (port 0) can be taken by any outgoing connection's local end
/// before the process binds it, which made child processes fail with "address already in use" now and then. Ports are
/// handed out in turn from a random start, so two picks in one test run never name the same port.
/// </summary>
public static class FreePort
{
    private const int Lowest = 10_000;

    private static readonly int Highest = EphemeralStart() - 1;
    private static int _last = Lowest + Random.Shared.Next(0, Math.Max(1, Highest - Lowest));

    public static int Next()
    {
        if (Highest - Lowest < 1000)
        {
            return KernelPick(); // A machine whose ephemeral range leaves no room below it.
        }

        for (var tries = 0; tries < Highest - Lowest; tries++)
        {
            var port = Interlocked.Increment(ref _last);
            if (port > Highest)
            {
                Interlocked.CompareExchange(ref _last, Lowest, port);
                continue;
            }

            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken by something else on this machine: the next one.
            }
        }

        return KernelPick();
    }

    private static int KernelPick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The first port of the kernel's ephemeral range (Linux), or the IANA one's.</summary>
    private static int EphemeralStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 49_152;
        }
    }
}
