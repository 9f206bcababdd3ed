using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PowerAutomation.Silo.Email;

/// <summary>
/// Drains the outbox in the background: wakes when this silo queued mail, when a retry is due, or every
/// <see cref="EmailOptions.PollInterval"/>; sends each claimed message; deletes it once delivered, or schedules the
/// next attempt with exponential backoff, giving up after <see cref="EmailOptions.MaxAttempts"/>.
/// </summary>
public sealed partial class MailDispatcher(
    PostgresMailOutbox outbox,
    MailOutboxSignal signal,
    IMailTransport transport,
    EmailMetrics metrics,
    IOptions<EmailOptions> options,
    TimeProvider time,
    ILogger<MailDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        LogStarted(settings.UsesSmtp ? $"SMTP {settings.Smtp.Host}:{settings.Smtp.Port}" : "files");
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = settings.PollInterval;
            try
            {
                while (await SendBatchAsync(settings, stoppingToken) == BatchSize)
                {
                }

                if (await outbox.NextDueInAsync(stoppingToken) is { } due && due < wait)
                {
                    wait = due;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The database is away: try again at the next poll; nothing is lost, rows wait in the table.
                LogOutboxUnavailable(exception);
            }

            try
            {
                await signal.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<int> SendBatchAsync(EmailOptions settings, CancellationToken stoppingToken)
    {
        var batch = await outbox.ClaimDueAsync(BatchSize, settings.SendTimeout + settings.SendTimeout, stoppingToken);
        foreach (var queued in batch)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(settings.SendTimeout);
            try
            {
                await transport.SendAsync(MailMessages.Create(queued.Mail, settings.Smtp.From, time.GetUtcNow()), timeout.Token);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                await FailAsync(queued, exception, settings, stoppingToken);
                continue;
            }

            await outbox.DeleteAsync(queued.Id, CancellationToken.None);
            metrics.Sent(queued.Mail.Kind);
            LogSent(queued.Id, queued.Mail.Kind, queued.Attempt);
        }

        return batch.Count;
    }

    private async Task FailAsync(QueuedMail queued, Exception exception, EmailOptions settings, CancellationToken stoppingToken)
    {
        metrics.Failed(queued.Mail.Kind);
        if (queued.Attempt >= settings.MaxAttempts)
        {
            metrics.Abandoned(queued.Mail.Kind);
            LogAbandoned(exception, queued.Id, queued.Mail.Kind, queued.Attempt);
            await outbox.FailAsync(queued.Id, exception.Message, null, stoppingToken);
            return;
        }

        var retryIn = MailRetry.Delay(queued.Attempt, settings.RetryDelay, settings.MaxRetryDelay);
        LogRetry(exception, queued.Id, queued.Mail.Kind, queued.Attempt, retryIn);
        await outbox.FailAsync(queued.Id, exception.Message, retryIn, stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail dispatcher started; delivering by {Transport}")]
    private partial void LogStarted(string transport);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Mail {Id} ({Kind}) delivered on attempt {Attempt}")]
    private partial void LogSent(long id, string kind, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {Id} ({Kind}) attempt {Attempt} failed; retrying in {RetryIn}")]
    private partial void LogRetry(Exception exception, long id, string kind, int attempt, TimeSpan retryIn);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mail {Id} ({Kind}) given up after {Attempt} attempts; it stays in mail_outbox with failed_at set")]
    private partial void LogAbandoned(Exception exception, long id, string kind, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The mail outbox could not be read; trying again at the next poll")]
    private partial void LogOutboxUnavailable(Exception exception);
}
