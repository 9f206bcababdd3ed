using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using PowerAutomation.Grains.Abstractions;
using PowerAutomation.Grains.Audit;
using PowerAutomation.Grains.Documents;
using PowerAutomation.Grains.Health;
using PowerAutomation.Grains.Identity;
using PowerAutomation.Grains.Licensing;
using PowerAutomation.Grains.Organizations;
using PowerAutomation.Grains.Projects;
using PowerAutomation.Grains.Search;
using PowerAutomation.ServiceDefaults.Configuration;
using PowerAutomation.Silo.Ai;
using PowerAutomation.Silo.Audit;
using PowerAutomation.Silo.Database;
using PowerAutomation.Silo.Security;
using PowerAutomation.Silo.Documents;
using PowerAutomation.Silo.Email;
using PowerAutomation.Silo.Health;
using PowerAutomation.Silo.Identity;
using PowerAutomation.Silo.Licensing;
using PowerAutomation.Silo.ModelWorkers;
using PowerAutomation.Silo.Search;
using PowerAutomation.Silo.Workflows;
using StackExchange.Redis;

namespace PowerAutomation.Silo.Hosting;

public static class SiloHostingExtensions
{
    /// <summary>
    /// The Orleans silo: ADO.NET clustering and grain storage on PostgreSQL, reminders in Redis, memory
    /// streams whose pub-sub state is kept in PostgreSQL, and the services grains use at the edges.
    /// </summary>
    public static IHostApplicationBuilder AddPowerAutomationSilo(this IHostApplicationBuilder builder, ClusterSettings cluster)
    {
        var silo = builder.Configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
        builder.Services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IPasswordHashing, Pbkdf2PasswordHashing>();
        builder.Services.AddOptions<PowerAutomation.Grains.Identity.Device.DeviceAuthorizationOptions>()
            .BindConfiguration(PowerAutomation.Grains.Identity.Device.DeviceAuthorizationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(new PowerAutomation.Grains.Identity.Device.DeviceClock(TimeProvider.System));
        builder.Services.AddOptions<ProjectOptions>().BindConfiguration(ProjectOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<OrgOptions>().BindConfiguration(OrgOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<LicensingOptions>().BindConfiguration(LicensingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ILicenseSigner, LicenseSigner>();
        builder.Services.TryAddSingleton(new PowerAutomation.Grains.Licensing.LicensingClock(TimeProvider.System));
        builder.Services.AddOptions<DocumentOptions>().BindConfiguration(DocumentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IDocumentLog, PostgresDocumentLog>();
        builder.Services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ISearchIndexStore, PostgresSearchIndexStore>();
        if (!IPAddress.TryParse(silo.AdvertisedAddress, out var advertised))
        {
            throw new OptionsValidationException(nameof(SiloOptions), typeof(SiloOptions),
                [$"Silo:AdvertisedAddress '{silo.AdvertisedAddress}' is not an IP address."]);
        }

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(cluster.PostgresConnectionString));
        builder.Services.AddSingleton<SchemaMigrator>();
        builder.Services.AddSingleton<PostgresAuditLog>();
        builder.Services.AddSingleton<IAuditLog>(services => services.GetRequiredService<PostgresAuditLog>());
        builder.Services.AddHostedService(services => services.GetRequiredService<PostgresAuditLog>());
        builder.Services.AddSingleton<IAuditReader, PostgresAuditReader>();
        builder.Services.AddAiUsage();
        builder.Services.AddSecretSealer();
        builder.Services.AddSingleton<IUserDirectory, PostgresUserDirectory>();
        builder.Services.AddSingleton<ILicenseDirectory, PostgresLicenseDirectory>();
        builder.Services.AddSingleton<ReadModelRepair>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ReadModelRepairStarter>();
        builder.Services.AddSingleton(new RedisConnection(cluster.RedisConnectionString));
        builder.Services.AddSingleton<IDependencyProbe, PostgresProbe>();
        builder.Services.AddSingleton<IDependencyProbe, RedisProbe>();
        builder.AddPowerAutomationWorkflows();
        builder.AddPowerAutomationEmail();

        // Optional Orleans tuning from configuration (e.g. faster failure detection in tests). Not under "Orleans:",
        // which Orleans itself reads as provider configuration.
        var membership = builder.Configuration.GetSection("Runtime:Membership");
        var messaging = builder.Configuration.GetSection("Runtime:Messaging");
        var reminders = builder.Configuration.GetSection("Runtime:Reminders");
        builder.UseOrleans(orleans =>
        {
            orleans.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = cluster.ClusterId;
                options.ServiceId = cluster.ServiceId;
            });
            if (silo.Kubernetes)
            {
                orleans.UseKubernetesHosting();
            }
            else
            {
                orleans.ConfigureEndpoints(advertised, silo.SiloPort, silo.GatewayPort, silo.ListenOnAnyHostAddress);
            }

            orleans.Services.Configure<ClusterMembershipOptions>(membership);
            orleans.Services.Configure<SiloMessagingOptions>(messaging);
            orleans.Services.Configure<ReminderOptions>(reminders);
            orleans.UseAdoNetClustering(options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = cluster.PostgresConnectionString;
            });
            orleans.AddAdoNetGrainStorage(StorageNames.Grains, options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = cluster.PostgresConnectionString;
            });
            orleans.AddAdoNetGrainStorage(StorageNames.PubSub, options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = cluster.PostgresConnectionString;
            });
            orleans.UseRedisReminderService(options =>
                options.ConfigurationOptions = ConfigurationOptions.Parse(cluster.RedisConnectionString));
            // Memory streams are pulled: the default 100 ms poll would dominate live-editing broadcast latency.
            orleans.AddMemoryStreams(StorageNames.Streams, streams => streams.ConfigurePullingAgent(agent =>
                agent.Configure(options => options.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(10))));
            orleans.AddActivityPropagation();
            orleans.AddModelWorkers(builder.Configuration);
        });

        return builder;
    }

    /// <summary>Migrates the schema when configured to; the silo is started only on an up-to-date database.</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<SiloOptions>>().Value.MigrateOnStart)
        {
            await app.Services.GetRequiredService<SchemaMigrator>().MigrateAsync();
        }
    }
}
