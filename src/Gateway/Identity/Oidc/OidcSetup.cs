using Microsoft.Extensions.Options;

namespace PowerAutomation.Gateway.Identity.Oidc;

public static class OidcSetup
{
    /// <summary>Providers from <c>Auth:Oidc</c>, validated at start, with an HTTP client of bounded patience.</summary>
    public static IServiceCollection AddGatewayOidc(this IServiceCollection services)
    {
        services.AddOptions<OidcOptions>()
            .Configure<IConfiguration>((options, configuration) => configuration.GetSection(OidcOptions.Section).Bind(options.Providers))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<OidcOptions>, OidcOptionsValidator>();
        services.AddHttpClient(OidcProviders.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<OidcProviders>();
        return services;
    }
}
