using System.Text.Json;
using PowerAutomation.Ai.Chat;
using PowerAutomation.Ai.Formats;
using PowerAutomation.Ai.Routing;
using PowerAutomation.Grains.Abstractions.Ai;
using PowerAutomation.Grains.Abstractions.Quotas;

namespace PowerAutomation.Ai.Calls;

/// <summary>
/// One admitted AI call: its request (held to the reserved output bound), route and reservation. It sends through
/// the router, and <see cref="FinishAsync"/> settles the reservation to what was delivered (one quota-grain call)
/// and records the usage row, exactly once.
/// </summary>
public sealed class AiCall
{
    private readonly AiCalls _calls;
    private readonly IQuotaGrain _quota;
    private readonly AiReservationRequest _reservation;
    private readonly long _started;
    private TimeSpan? _firstToken;
    private int _finished;

    internal AiCall(AiCalls calls, AiCaller caller, IChatFormat format, ChatRequest request, ModelRoute route, long inputEstimate,
        IQuotaGrain quota, AiReservationRequest reservation, AiReservationResult reserved, long started)
    {
        _calls = calls;
        Caller = caller;
        Format = format;
        Request = request;
        Route = route;
        InputEstimate = inputEstimate;
        _quota = quota;
        _reservation = reservation;
        Reserved = reserved;
        _started = started;
    }

    public AiCaller Caller { get; }

    /// <summary>The caller's format.</summary>
    public IChatFormat Format { get; }

    public ChatRequest Request { get; }

    public ModelRoute Route { get; }

    public long InputEstimate { get; }

    public AiReservationResult Reserved { get; }

    /// <summary>The provider's answer once one came.</summary>
    public UpstreamCall? Upstream { get; private set; }

    /// <summary>The format the serving provider speaks for this call.</summary>
    public IChatFormat ProviderFormat => Upstream!.Provider.Endpoint.FormatFor(Format);

    /// <summary>Routes the call: the caller's body passes through to providers of the same format.</summary>
    public async Task<UpstreamCall> SendAsync(JsonElement? callerBody, IReadOnlyDictionary<string, string>? passHeaders, CancellationToken cancellationToken)
    {
        Upstream = await _calls.Router.SendAsync(Route, Caller.Edition,
            (provider, target) => UpstreamRequests.Build(provider, target, Format, callerBody, Request, passHeaders), Request.Stream, cancellationToken);
        return Upstream;
    }

    /// <summary>Reads a non-streamed answer: its bytes as sent and its neutral form.</summary>
    public async Task<(byte[] Bytes, ChatResult Result)> ReadAnswerAsync(UpstreamCall upstream)
    {
        var bytes = await upstream.Response.Content.ReadAsByteArrayAsync(upstream.Token);
        using var answer = JsonDocument.Parse(bytes);
        var result = ProviderFormat.ParseResponse(answer.RootElement, upstream.Model);
        return (bytes, result.Model.Length == 0 ? result with { Model = upstream.Model } : result);
    }

    /// <summary>Marks the first content delivered to the caller (time to first token).</summary>
    public void FirstTokenDelivered() => _firstToken ??= _calls.Time.GetElapsedTime(_started);

    /// <summary>Settles the reservation and records the usage row; later calls do nothing.</summary>
    public async Task FinishAsync(AiCallOutcome outcome)
    {
        if (Interlocked.Exchange(ref _finished, 1) == 1)
        {
            return;
        }

        var served = Upstream?.Model;
        var usage = outcome.Delivered ? outcome.Usage : ChatUsage.None;
        var cost = outcome.Delivered && served is not null ? _calls.Prices.CostMicroUsd(served, usage) : 0;
        var latency = _calls.Time.GetElapsedTime(_started);
        try
        {
            await _quota.SettleAi(new AiSettlement(_reservation, Reserved.ReservedAt, outcome.Delivered, Math.Max(1, usage.Total), cost));
        }
        catch (Exception exception)
        {
            // The reservation was taken at the call's most, so a lost settlement never undercharges.
            _calls.SettleFailed(Caller, exception);
        }

        _calls.Usage.Record(new AiUsageRecord(Caller.RequestId, _calls.Time.GetUtcNow(), Caller.UserId, Caller.ApiKeyId, Format.Name,
            Route.Requested, served, Upstream?.Provider.Name, usage.InputTokens, usage.OutputTokens, usage.CachedInputTokens, cost,
            (int)Math.Min(int.MaxValue, latency.TotalMilliseconds), _firstToken is { } first ? (int)first.TotalMilliseconds : null, outcome.Status,
            Request.Stream, Caller.Edition));
    }
}
