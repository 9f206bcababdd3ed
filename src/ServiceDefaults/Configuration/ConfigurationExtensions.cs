using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace PowerAutomation.ServiceDefaults.Configuration;

public static class ConfigurationExtensions
{
    /// <summary>
    /// Layers <c>PA_CONFIG</c> (a JSON file) over the defaults, then environment variables and the command line
    /// over that, so an operator's file and a one-off setting both win over what ships.
    /// </summary>
    public static IHostApplicationBuilder AddPowerAutomationConfiguration(this IHostApplicationBuilder builder, string[] args)
    {
        var file = Environment.GetEnvironmentVariable("PA_CONFIG");
        if (!string.IsNullOrWhiteSpace(file))
        {
            if (!File.Exists(file))
            {
                throw new InvalidOperationException($"PA_CONFIG names '{file}', which does not exist.");
            }

            builder.Configuration.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false);
            builder.Configuration.AddEnvironmentVariables();
            builder.Configuration.AddCommandLine(args);
        }

        return builder;
    }

    /// <summary>Binds and validates <see cref="ClusterSettings"/>, reading connection strings from either place.</summary>
    public static ClusterSettings AddClusterSettings(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddOptions<ClusterSettings>()
            .BindConfiguration(ClusterSettings.Section)
            .PostConfigure(settings => ApplyConnectionStrings(settings, configuration))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Orleans is configured before the container exists, so the validated values are needed now too.
        var settings = configuration.GetSection(ClusterSettings.Section).Get<ClusterSettings>() ?? new ClusterSettings();
        ApplyConnectionStrings(settings, configuration);
        var errors = new DataAnnotationValidateOptions<ClusterSettings>(null).Validate(null, settings);
        if (errors.Failed)
        {
            throw new OptionsValidationException(nameof(ClusterSettings), typeof(ClusterSettings), errors.Failures);
        }

        return settings;
    }

    private static void ApplyConnectionStrings(ClusterSettings settings, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(settings.PostgresConnectionString))
        {
            settings.PostgresConnectionString = configuration.GetConnectionString("Postgres") ?? "";
        }

        if (string.IsNullOrWhiteSpace(settings.RedisConnectionString))
        {
            settings.RedisConnectionString = configuration.GetConnectionString("Redis") ?? "";
        }
    }
}
