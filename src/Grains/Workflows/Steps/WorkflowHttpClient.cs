using System.Net;
using System.Net.Sockets;

namespace PowerAutomation.Grains.Workflows.Steps;

/// <summary>
/// The HTTP client of <c>http.request</c> steps: no redirects (a redirect could lead anywhere), pooled connections,
/// and a connect callback that resolves the host itself and connects only to addresses the policy allows.
/// </summary>
public static class WorkflowHttpClient
{
    public static HttpClient Create(HttpStepOptions options) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        MaxConnectionsPerServer = 256,
        ConnectCallback = (context, cancellationToken) => ConnectAsync(context, options, cancellationToken),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan, // Each step has its own timeout.
    };

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, HttpStepOptions options, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = addresses.Where(a => options.AllowPrivateNetworks || !NetworkPolicy.IsInternal(a)).ToList();
        if (allowed.Count == 0)
        {
            throw new NetworkPolicyException(addresses.Length == 0
                ? $"'{host}' does not resolve."
                : $"'{host}' resolves to an internal address, which workflows may not reach.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed.ToArray(), context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
