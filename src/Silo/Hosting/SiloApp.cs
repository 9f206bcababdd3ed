using PowerAutomation.ServiceDefaults.Configuration;
using PowerAutomation.ServiceDefaults.Telemetry;
using PowerAutomation.Silo.Health;

namespace PowerAutomation.Silo.Hosting;

/// <summary>Builds the silo process: used by <c>Program</c> and by tests that host silos in-process.</summary>
public static class SiloApp
{
    /// <param name="configureServices">Lets tests replace services (e.g. the workflow clock) after the production wiring.</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddPowerAutomationConfiguration(args);
        builder.AddPowerAutomationTelemetry("powerautomation-silo");
        var cluster = builder.AddClusterSettings();
        builder.AddPowerAutomationSilo(cluster);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();

        // Resolve the licence key ring now: a bad key stops the start instead of the first licence call.
        app.Services.GetRequiredService<PowerAutomation.Grains.Licensing.ILicenseSigner>();
        app.MapPowerAutomationMetrics();
        app.MapSiloHealth();
        return app;
    }
}
