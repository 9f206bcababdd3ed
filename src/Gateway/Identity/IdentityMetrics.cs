using System.Diagnostics.Metrics;
using PowerAutomation.ServiceDefaults.Telemetry;

namespace PowerAutomation.Gateway.Identity;

/// <summary>What operators watch on sign-in: registrations, login and refresh outcomes (by stable code).</summary>
public sealed class IdentityMetrics
{
    private readonly Counter<long> _registrations;
    private readonly Counter<long> _logins;
    private readonly Counter<long> _refreshes;

    public IdentityMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(TelemetryExtensions.MeterName);
        _registrations = meter.CreateCounter<long>("pa.identity.registrations", description: "Registration attempts by outcome");
        _logins = meter.CreateCounter<long>("pa.identity.logins", description: "Login attempts by outcome");
        _refreshes = meter.CreateCounter<long>("pa.identity.refreshes", description: "Refresh-token presentations by outcome");
    }

    public void Registration(string outcome) => _registrations.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Login(string outcome) => _logins.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Refresh(string outcome) => _refreshes.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
