using Orleans.Concurrency;
using PowerAutomation.Grains.Abstractions;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Licensing;
using PowerAutomation.Grains.Abstractions.Quotas;

namespace PowerAutomation.Grains.Quotas;

/// <summary>
/// Exact quotas for one principal. Decisions are made synchronously inside one turn, so the grain is the single
/// point of truth; it is reentrant only so that waiting for durability lets the next decision in. Daily usage is
/// acknowledged only once written (group commit through <see cref="DurableWriter"/>); the per-minute rate lives
/// in memory, where losing it on a crash merely grants one fresh minute.
/// </summary>
[Reentrant]
public sealed partial class QuotaGrain(
    [PersistentState("quota", StorageNames.Grains)] IPersistentState<QuotaState> state,
    TimeProvider time) : Grain, IQuotaGrain
{
    private const long MaxCost = 1_000_000_000;

    private readonly Gcra _rate = new();
    private readonly Dictionary<string, DailyAllowance> _daily = [];
    private readonly Dictionary<string, DailyAllowance> _keySpend = new(StringComparer.Ordinal);
    private DurableWriter? _writer;
    private Entitlements? _entitlements;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _writer = new DurableWriter(SaveAsync);
        foreach (var (kind, used) in state.State.Used)
        {
            _daily[kind] = new DailyAllowance(state.State.Day, used);
        }

        foreach (var (keyId, spent) in state.State.KeySpend)
        {
            _keySpend[keyId] = new DailyAllowance(state.State.Day, spent);
        }

        return Task.CompletedTask;
    }

    public async Task<QuotaDecision> Consume(string kind, long cost)
    {
        if (!QuotaKinds.IsKnown(kind) || cost is < 1 or > MaxCost)
        {
            throw new ArgumentException($"Unknown quota kind '{kind}' or cost {cost} outside 1..{MaxCost}.");
        }

        var limits = (await EntitlementsAsync()).Limits;
        var now = time.GetUtcNow();
        var limit = LimitOf(limits, kind);
        if (kind == QuotaKinds.RequestsPerMinute)
        {
            var rate = _rate.TryConsume(now, cost, limit);
            return new QuotaDecision(rate.Allowed, kind, limit, rate.Remaining, rate.ResetsAt, rate.RetryAfter);
        }

        var daily = Daily(kind, now);
        var result = daily.TryConsume(now, cost, limit);
        var decision = new QuotaDecision(result.Allowed, kind, limit, result.Remaining, DailyAllowance.NextReset(now), result.RetryAfter);
        if (result.Allowed)
        {
            await _writer!.ChangedAsync();
        }

        return decision;
    }

    public async Task Refund(string kind, long cost, DateTimeOffset consumedAt)
    {
        if (kind == QuotaKinds.RequestsPerMinute || !QuotaKinds.IsKnown(kind) || cost is < 1 or > MaxCost)
        {
            return;
        }

        var now = time.GetUtcNow();
        Daily(kind, now).Refund(now, consumedAt, cost);
        await _writer!.ChangedAsync();
    }

    public async Task Charge(string kind, long cost)
    {
        if (kind == QuotaKinds.RequestsPerMinute || !QuotaKinds.IsKnown(kind) || cost is < 1 or > MaxCost)
        {
            return;
        }

        var now = time.GetUtcNow();
        Daily(kind, now).Charge(now, cost);
        await _writer!.ChangedAsync();
    }

    public async Task<IReadOnlyList<QuotaUsage>> GetUsage()
    {
        var limits = (await EntitlementsAsync()).Limits;
        var now = time.GetUtcNow();
        return QuotaKinds.All.Select(kind =>
        {
            var limit = LimitOf(limits, kind);
            if (kind == QuotaKinds.RequestsPerMinute)
            {
                var (used, remaining, resetsAt) = _rate.Peek(now, limit);
                return new QuotaUsage(kind, limit, used, remaining, resetsAt);
            }

            var usedToday = Daily(kind, now).UsedAt(now);
            return new QuotaUsage(kind, limit, usedToday, Math.Max(0, limit - usedToday), DailyAllowance.NextReset(now));
        }).ToList();
    }

    public Task SetEntitlements(Entitlements entitlements)
    {
        _entitlements = entitlements;
        return Task.CompletedTask;
    }

    private async Task<Entitlements> EntitlementsAsync()
    {
        // Limits are pushed by the user grain when licences change; a licence that merely expires is noticed here.
        if (_entitlements is null || _entitlements.ValidUntil <= time.GetUtcNow())
        {
            var owner = QuotaKeys.Owner(this.GetPrimaryKeyString());
            _entitlements = await GrainFactory.GetGrain<IUserGrain>(owner).GetEntitlements();
        }

        return _entitlements;
    }

    private DailyAllowance Daily(string kind, DateTimeOffset now)
    {
        if (!_daily.TryGetValue(kind, out var allowance))
        {
            allowance = _daily[kind] = new DailyAllowance(DateOnly.FromDateTime(now.UtcDateTime), 0);
        }

        return allowance;
    }

    private Task SaveAsync()
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        state.State.Day = today;
        state.State.Used = _daily.ToDictionary(pair => pair.Key, pair => pair.Value.Day == today ? pair.Value.Used : 0);
        state.State.KeySpend = _keySpend.Where(pair => pair.Value.Day == today && pair.Value.Used > 0).ToDictionary(pair => pair.Key, pair => pair.Value.Used);
        return state.WriteStateAsync();
    }

    private static long LimitOf(QuotaLimits limits, string kind) => kind switch
    {
        QuotaKinds.AiRequests => limits.AiRequestsPerDay ?? 0,
        QuotaKinds.AiTokens => limits.AiTokensPerDay ?? 0,
        QuotaKinds.AiSpend => limits.AiSpendPerDay ?? 0,
        QuotaKinds.WorkflowRuns => limits.WorkflowRunsPerDay ?? 0,
        _ => limits.RequestsPerMinute ?? 0,
    };
}

[GenerateSerializer, Alias("pa.QuotaState")]
public sealed class QuotaState
{
    [Id(0)] public DateOnly Day { get; set; }

    [Id(1)] public Dictionary<string, long> Used { get; set; } = [];

    /// <summary>Today's spend of API keys that have their own <c>aiSpendPerDay</c>, micro-USD by key id.</summary>
    [Id(2)] public Dictionary<string, long> KeySpend { get; set; } = [];
}
