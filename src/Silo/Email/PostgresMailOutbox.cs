using Npgsql;
using PowerAutomation.Grains.Email;

namespace PowerAutomation.Silo.Email;

/// <summary>The <c>mail_outbox</c> table: grains enqueue, <see cref="MailDispatcher"/> claims, sends and settles.</summary>
public sealed class PostgresMailOutbox(NpgsqlDataSource dataSource, MailOutboxSignal signal, EmailMetrics metrics) : IMailOutbox
{
    private const string Insert = """
        INSERT INTO mail_outbox (kind, recipient, subject, text_body, html_body) VALUES (@kind, @to, @subject, @text, @html)
        """;

    public async Task EnqueueAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(Insert);
        Bind(command, mail);
        await command.ExecuteNonQueryAsync(cancellationToken);
        metrics.Queued(mail.Kind);
        signal.Notify();
    }

    public async Task RehearseAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Insert, connection, transaction);
        Bind(command, mail);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.RollbackAsync(cancellationToken);
    }

    /// <summary>Takes up to <paramref name="limit"/> due messages; each is hidden from others for <paramref name="lease"/>.</summary>
    public async Task<IReadOnlyList<QueuedMail>> ClaimDueAsync(int limit, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE mail_outbox SET next_attempt_at = now() + @lease, attempts = attempts + 1
            WHERE id IN (SELECT id FROM mail_outbox WHERE failed_at IS NULL AND next_attempt_at <= now()
                         ORDER BY next_attempt_at LIMIT @limit FOR UPDATE SKIP LOCKED)
            RETURNING id, kind, recipient, subject, text_body, html_body, attempts, created_at
            """);
        command.Parameters.AddWithValue("lease", lease);
        command.Parameters.AddWithValue("limit", limit);
        var claimed = new List<QueuedMail>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var mail = new OutgoingMail(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5));
            claimed.Add(new QueuedMail(reader.GetInt64(0), mail, reader.GetInt32(6), reader.GetFieldValue<DateTimeOffset>(7)));
        }

        // RETURNING keeps no order: send in the order queued, so a newer link arrives after the one it replaces.
        return claimed.OrderBy(mail => mail.Id).ToList();
    }

    public async Task DeleteAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM mail_outbox WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records a failed attempt: due again after <paramref name="retryIn"/>, or given up when null.</summary>
    public async Task FailAsync(long id, string error, TimeSpan? retryIn, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE mail_outbox SET last_error = @error,
                next_attempt_at = CASE WHEN @give_up THEN next_attempt_at ELSE now() + @retry END,
                failed_at = CASE WHEN @give_up THEN now() END
            WHERE id = @id
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("error", error.Length > 1000 ? error[..1000] : error);
        command.Parameters.AddWithValue("give_up", retryIn is null);
        command.Parameters.AddWithValue("retry", retryIn ?? TimeSpan.Zero);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>How long until the next message is due (zero when one is due now), or null when nothing waits.</summary>
    public async Task<TimeSpan?> NextDueInAsync(CancellationToken cancellationToken)
    {
        // min() of no rows is NULL, and greatest() would turn that into 0 (a busy loop): clamp here instead.
        await using var command = dataSource.CreateCommand(
            "SELECT min(next_attempt_at) - now() FROM mail_outbox WHERE failed_at IS NULL");
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is TimeSpan wait ? (wait < TimeSpan.Zero ? TimeSpan.Zero : wait) : null;
    }

    private static void Bind(NpgsqlCommand command, OutgoingMail mail)
    {
        command.Parameters.AddWithValue("kind", mail.Kind);
        command.Parameters.AddWithValue("to", mail.To);
        command.Parameters.AddWithValue("subject", mail.Subject);
        command.Parameters.AddWithValue("text", mail.Text);
        command.Parameters.AddWithValue("html", mail.Html);
    }
}

/// <summary>A claimed outbox row; <see cref="Attempt"/> counts this one.</summary>
public sealed record QueuedMail(long Id, OutgoingMail Mail, int Attempt, DateTimeOffset CreatedAt);
