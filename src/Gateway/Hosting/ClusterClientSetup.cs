using Orleans.Configuration;
using PowerAutomation.ServiceDefaults.Configuration;

namespace PowerAutomation.Gateway.Hosting;

/// <summary>The gateway's Orleans client: it finds silos through the same PostgreSQL membership table they use.</summary>
public static partial class ClusterClientSetup
{
    public static IHostApplicationBuilder AddGatewayClusterClient(this IHostApplicationBuilder builder, ClusterSettings cluster)
    {
        var messaging = builder.Configuration.GetSection("Runtime:Messaging");
        builder.UseOrleansClient(client =>
        {
            client.Services.Configure<ClientMessagingOptions>(messaging);
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = cluster.ClusterId;
                options.ServiceId = cluster.ServiceId;
            });
            client.UseAdoNetClustering(options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = cluster.PostgresConnectionString;
            });
            client.UseConnectionRetryFilter(RetryWhileStarting);
            client.AddMemoryStreams(PowerAutomation.Grains.Abstractions.StorageNames.Streams);
            client.AddActivityPropagation();
        });
        return builder;
    }

    // Silos may still be starting when the gateway does: keep trying until the host gives up.
    private static async Task<bool> RetryWhileStarting(Exception exception, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        return true;
    }
}
