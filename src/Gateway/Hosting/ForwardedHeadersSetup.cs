using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace PowerAutomation.Gateway.Hosting;

/// <summary>
/// Behind a reverse proxy every client arrives from the proxy's address, so per-address limits would put them all
/// in one bucket. <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed only from the addresses or
/// networks in <see cref="GatewayOptions.KnownProxies"/>; with none configured (the default) they are ignored, since
/// anyone could send them.
/// </summary>
public static class ForwardedHeadersSetup
{
    public static IServiceCollection AddGatewayForwardedHeaders(this IServiceCollection services, GatewayOptions gateway)
    {
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownIPNetworks.Clear(); // ASP.NET Core trusts loopback by default; here only what is configured.
            options.KnownProxies.Clear();
            foreach (var entry in gateway.KnownProxies)
            {
                if (System.Net.IPNetwork.TryParse(entry, out var network))
                {
                    options.KnownIPNetworks.Add(network);
                }
                else
                {
                    options.KnownProxies.Add(IPAddress.Parse(entry));
                }
            }
        });
        return services;
    }

    public static WebApplication UseGatewayForwardedHeaders(this WebApplication app, GatewayOptions gateway)
    {
        if (gateway.KnownProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }

    /// <summary>Whether an entry is an IP address or a CIDR network.</summary>
    public static bool IsValidEntry(string entry) => IPAddress.TryParse(entry, out _) || System.Net.IPNetwork.TryParse(entry, out _);
}
