using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace PowerAutomation.Client.Cluster;

/// <summary>
/// The embedded Orleans client that trusted services use: it joins through the PostgreSQL membership table,
/// configured like the silos (<c>Cluster:*</c>, <c>ConnectionStrings:Postgres</c>, <c>PA_CONFIG</c>).
/// </summary>
public static class EmbeddedClusterClient
{
    public static async Task<IHost> StartAsync(string[] args, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(args);
        var file = Environment.GetEnvironmentVariable("PA_CONFIG");
        if (!string.IsNullOrWhiteSpace(file))
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(file), optional: false).AddEnvironmentVariables();
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var configuration = builder.Configuration;
        var postgres = configuration["Cluster:PostgresConnectionString"] ?? configuration.GetConnectionString("Postgres");
        if (string.IsNullOrWhiteSpace(postgres))
        {
            throw new InvalidOperationException("Set Cluster:PostgresConnectionString (or ConnectionStrings:Postgres) to reach the cluster.");
        }

        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = configuration["Cluster:ClusterId"] ?? "pa-local";
                options.ServiceId = configuration["Cluster:ServiceId"] ?? "powerautomation";
            });
            client.UseAdoNetClustering(options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = postgres;
            });
        });

        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return host;
    }

    public static IClusterClient Client(this IHost host) => host.Services.GetRequiredService<IClusterClient>();
}
