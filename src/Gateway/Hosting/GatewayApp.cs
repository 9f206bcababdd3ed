using PowerAutomation.ServiceDefaults.Configuration;
using PowerAutomation.ServiceDefaults.Telemetry;

namespace PowerAutomation.Gateway.Hosting;

/// <summary>Builds the gateway process: used by <c>Program</c> and by tests that host gateways in-process.</summary>
public static class GatewayApp
{
    /// <param name="configureServices">Replacements applied after the production wiring (tests: a fake clock).</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddPowerAutomationConfiguration(args);
        builder.AddPowerAutomationTelemetry("powerautomation-gateway");
        var cluster = builder.AddClusterSettings();
        builder.AddGatewayClusterClient(cluster);
        builder.AddGatewayHttp();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseGatewayPipeline();
        app.MapPowerAutomationMetrics();
        app.MapGatewayApis();
        return app;
    }
}
