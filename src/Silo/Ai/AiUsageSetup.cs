using Microsoft.Extensions.DependencyInjection;
using PowerAutomation.Ai.Calls;
using PowerAutomation.Grains.Ai;

namespace PowerAutomation.Silo.Ai;

/// <summary>The AI usage log: the batching writer (a hosted service), its reader, for the usage grain and the silo's own calls.</summary>
public static class AiUsageSetup
{
    public static IServiceCollection AddAiUsage(this IServiceCollection services)
    {
        services.AddSingleton<PostgresAiUsageLog>();
        services.AddSingleton<IAiUsageLog>(provider => provider.GetRequiredService<PostgresAiUsageLog>());
        services.AddHostedService(provider => provider.GetRequiredService<PostgresAiUsageLog>());
        services.AddSingleton<IAiUsageReader, PostgresAiUsageReader>();
        services.AddSingleton<GenAiMetrics>();
        services.AddSingleton<IAiUsageSink>(provider => new MeteredAiUsageSink(
            new SiloAiUsageSink(provider.GetRequiredService<IAiUsageLog>()), provider.GetRequiredService<GenAiMetrics>()));
        return services;
    }
}
