using System.Net;
using System.Net.Sockets;

namespace PowerAutomation.Grains.Workflows.Steps;

/// <summary>
/// Which hosts and addresses <c>http.request</c> may reach. Hosts must be allowed by name in configuration; the
/// addresses a name resolves to are checked again at connect time, so a public name that resolves to a private
/// address (DNS rebinding, cloud metadata at 169.254.169.254) cannot reach the cluster's insides.
/// </summary>
public static class NetworkPolicy
{
    public static bool IsHostAllowed(string host, IEnumerable<string> allowedHosts) =>
        allowedHosts.Any(pattern => pattern.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase) && host.Length > pattern.Length - 1
            : string.Equals(host, pattern, StringComparison.OrdinalIgnoreCase));

    /// <summary>Loopback, private, link-local, carrier-grade NAT, unspecified, multicast and other non-public ranges.</summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 or 10 or 127 => true,
                100 => b[1] is >= 64 and <= 127,      // 100.64.0.0/10, shared address space
                169 => b[1] == 254,                   // link-local, cloud metadata services
                172 => b[1] is >= 16 and <= 31,
                192 => (b[1] == 168) || (b[1] == 0 && b[2] is 0 or 2) || (b[1] == 88 && b[2] == 99),
                198 => b[1] is 18 or 19 || (b[1] == 51 && b[2] == 100),
                203 => b[1] == 0 && b[2] == 113,
                >= 224 => true,                       // multicast, reserved, broadcast
                _ => false,
            };
        }

        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal
            || address.GetAddressBytes() is [0x20, 0x01, 0x0d, 0xb8, ..]; // documentation range
    }
}

/// <summary>A connection refused by <see cref="NetworkPolicy"/>; never retried.</summary>
public sealed class NetworkPolicyException(string message) : Exception(message);
