using System.Diagnostics.Metrics;
using PowerAutomation.ServiceDefaults.Telemetry;

namespace PowerAutomation.Silo.Email;

/// <summary>What operators watch on mail: queued, sent, failed attempts and messages given up, by kind.</summary>
public sealed class EmailMetrics
{
    private readonly Counter<long> _queued;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _abandoned;

    public EmailMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(TelemetryExtensions.MeterName);
        _queued = meter.CreateCounter<long>("pa.email.queued", "{message}", "Mails stored in the outbox");
        _sent = meter.CreateCounter<long>("pa.email.sent", "{message}", "Mails delivered (SMTP or .eml file)");
        _failures = meter.CreateCounter<long>("pa.email.failures", "{attempt}", "Delivery attempts that failed and will be retried or given up");
        _abandoned = meter.CreateCounter<long>("pa.email.abandoned", "{message}", "Mails given up after Email:MaxAttempts");
    }

    public void Queued(string kind) => _queued.Add(1, Kind(kind));

    public void Sent(string kind) => _sent.Add(1, Kind(kind));

    public void Failed(string kind) => _failures.Add(1, Kind(kind));

    public void Abandoned(string kind) => _abandoned.Add(1, Kind(kind));

    private static KeyValuePair<string, object?> Kind(string kind) => new("kind", kind);
}
