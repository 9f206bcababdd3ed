using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Email;
using PowerAutomation.Grains.Identity;

namespace PowerAutomation.Silo.Email;

public static class EmailHostingExtensions
{
    /// <summary>The outbox grains write to, its dispatcher, and SMTP or <c>.eml</c> files as configured (validated at start).</summary>
    public static IHostApplicationBuilder AddPowerAutomationEmail(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmailOptions>, EmailOptionsValidation>();
        services.AddOptions<AccountMailOptions>().BindConfiguration(AccountMailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MailLinkOptions>().BindConfiguration(MailLinkOptions.Section)
            .Validate(MailLinkOptions.IsValid, "Gateway:PublicUrl must be an absolute http(s) URL without query or fragment.")
            .ValidateOnStart();
        services.AddSingleton(provider => new AccountMailClock(provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<EmailMetrics>();
        services.AddSingleton<MailOutboxSignal>();
        services.AddSingleton<PostgresMailOutbox>();
        services.AddSingleton<IMailOutbox>(provider => provider.GetRequiredService<PostgresMailOutbox>());
        services.AddSingleton<IMailTransport>(provider => provider.GetRequiredService<IOptions<EmailOptions>>().Value.UsesSmtp
            ? ActivatorUtilities.CreateInstance<SmtpMailTransport>(provider)
            : ActivatorUtilities.CreateInstance<FileMailTransport>(provider));
        services.AddHostedService<MailDispatcher>();
        return builder;
    }
}
