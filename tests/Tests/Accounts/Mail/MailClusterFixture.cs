using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PowerAutomation.Grains.Identity;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Accounts.Mail;

/// <summary>
/// A cluster with its own SMTP server (tests stop and restart it), mailed links on a <see cref="FakeTimeProvider"/>,
/// and fast retries, so expiry and backoff are seen without waiting.
/// </summary>
public sealed class MailClusterFixture : ClusterFixture
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public int MailPort { get; } = FreePort.Next();

    /// <summary>Stops this cluster's SMTP server: mail waits in the outbox and is retried.</summary>
    public async Task StopMailAsync() => await Mail.DisposeAsync();

    /// <summary>Starts a fresh SMTP server on the same port.</summary>
    public async Task RestartMailAsync() => Mail = await MailServer.StartAsync(MailPort);

    protected override Task<MailServer> MailServerAsync() => MailServer.StartAsync(MailPort);

    protected override string[] SiloArguments() =>
    [
        "--Email:RetryDelay=00:00:00.300",
        "--Email:MaxRetryDelay=00:00:01.200",
        "--Email:PollInterval=00:00:00.200",
        "--Email:SendTimeout=00:00:05",
    ];

    protected override void ConfigureSiloServices(IServiceCollection services) => services.AddSingleton(new AccountMailClock(Clock));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Mail.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class MailClusterCollection : ICollectionFixture<MailClusterFixture>
{
    public const string Name = "mail-cluster";
}
