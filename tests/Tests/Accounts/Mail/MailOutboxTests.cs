using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PowerAutomation.Grains.Email;
using PowerAutomation.Silo.Database;
using PowerAutomation.Silo.Email;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Accounts.Mail;

/// <summary>The outbox's own database answers, on a database of its own (nothing else queues there).</summary>
public sealed class MailOutboxTests
{
    [Fact]
    public async Task NextDue_IsNothing_WhenTheOutboxIsEmpty_AndNowForMailWaiting()
    {
        var (postgres, _) = await TestServers.GetAsync();
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("outbox"));
        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var outbox = new PostgresMailOutbox(dataSource, new MailOutboxSignal(), new EmailMetrics(services.GetRequiredService<IMeterFactory>()));

        // An empty outbox must not read as "due now": the dispatcher would poll in a busy loop.
        Assert.Null(await outbox.NextDueInAsync(CancellationToken.None));

        await outbox.EnqueueAsync(new OutgoingMail("test", "someone@example.com", "Subject", "text", "<p>html</p>"));
        Assert.Equal(TimeSpan.Zero, await outbox.NextDueInAsync(CancellationToken.None));
    }
}
