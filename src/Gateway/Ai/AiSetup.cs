using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using PowerAutomation.Ai.Billing;
using PowerAutomation.Ai.Calls;
using PowerAutomation.Ai.Configuration;
using PowerAutomation.Ai.Routing;
using PowerAutomation.Gateway.Embeddings;
using PowerAutomation.Grains.Abstractions.ModelWorkers;

namespace PowerAutomation.Gateway.Ai;

public static class AiSetup
{
    /// <summary>The router (validated <c>Ai</c> section, pooled HTTP connections), probes, and vendor-shaped errors.</summary>
    public static IServiceCollection AddGatewayAi(this IServiceCollection services)
    {
        services.AddOptions<AiOptions>().BindConfiguration(AiOptions.Section).ValidateOnStart();
        services.PostConfigure<AiOptions>(AddBuiltInEmbeddings);
        services.AddSingleton<IValidateOptions<AiOptions>, AiOptionsValidator>();
        services.AddSingleton(provider => new ModelRouter(
            provider.GetRequiredService<IOptions<AiOptions>>(),
            new HttpClient(new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                MaxConnectionsPerServer = 1024,
                AllowAutoRedirect = false,
            })
            {
                // Each attempt has its own timeout; streams may last long.
                Timeout = Timeout.InfiniteTimeSpan,
            },
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<ModelRouter>>()));
        services.AddHostedService<ProviderProber>();
        services.AddSingleton<AiPrices>();
        services.AddSingleton<AiCalls>();
        services.AddSingleton<AiUsageRecorder>();
        services.AddSingleton<GenAiMetrics>();
        services.AddSingleton<IAiUsageSink>(provider => new MeteredAiUsageSink(
            provider.GetRequiredService<AiUsageRecorder>(), provider.GetRequiredService<GenAiMetrics>()));
        services.AddHostedService(provider => provider.GetRequiredService<AiUsageRecorder>());
        services.AddSingleton<AiCallHandler>();
        services.AddSingleton<Documents.AiEdits.AiEditHandler>(); // AI edits of documents: an AI call, then an authored operation
        services.AddSingleton<CountTokensHandler>();
        services.AddSingleton<ModelWorkerClient>();
        services.AddSingleton<EmbeddingsHandler>();
        return services;
    }

    // The embeddings model is served by the cluster itself: every edition may use it unless configuration lists
    // a local provider for it (to restrict editions, say).
    private static void AddBuiltInEmbeddings(AiOptions options)
    {
        if (!options.Providers.Any(p => p.Models.Contains(ModelNames.MiniLm, StringComparer.Ordinal)))
        {
            options.Providers.Add(new ProviderOptions { Name = "model-workers", Kind = ProviderKinds.Local, Models = [ModelNames.MiniLm] });
        }
    }

    /// <summary>Whether a request is on the vendor-compatible surface, whose errors take the vendor's shape.</summary>
    public static bool IsVendorPath(HttpContext context) => context.Request.Path.StartsWithSegments("/v1");

    public static bool IsAnthropicPath(HttpContext context) => context.Request.Path.StartsWithSegments("/v1/messages");

    internal static void DisableBuffering(HttpContext context) => context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
}
