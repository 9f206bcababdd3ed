using PowerAutomation.Grains.Abstractions.Licensing;

namespace PowerAutomation.Grains.Abstractions.Quotas;

/// <summary>
/// Quotas of one principal, keyed <c>user:{userId:N}</c> or <c>key:{userId:N}:{keyId}</c>: one grain decides every
/// consumption, so allowances are exact across any number of gateways and silos.
/// </summary>
[Alias("pa.IQuotaGrain")]
public interface IQuotaGrain : IGrainWithStringKey
{
    /// <summary>Atomically checks and, when allowed, consumes <paramref name="cost"/> units of the kind.</summary>
    [Alias("Consume")]
    Task<QuotaDecision> Consume(string kind, long cost);

    /// <summary>Gives back a consumption whose call failed (never below zero, never into another window).</summary>
    [Alias("Refund")]
    Task Refund(string kind, long cost, DateTimeOffset consumedAt);

    /// <summary>
    /// Records usage that has already happened (the tokens a model reported), even past the limit: the work is done,
    /// so the charge stands and later calls are refused until the window resets.
    /// </summary>
    [Alias("Charge")]
    Task Charge(string kind, long cost);

    /// <summary>
    /// Reserves one AI call (requests, tokens, spend and the key's spend) in one decision: all granted or none, one
    /// durable write. Two grain calls per AI call: this and <see cref="SettleAi"/>.
    /// </summary>
    [Alias("ReserveAi")]
    Task<AiReservationResult> ReserveAi(AiReservationRequest request);

    /// <summary>Settles a reservation of <see cref="ReserveAi"/> to what the call used, in one durable write.</summary>
    [Alias("SettleAi")]
    Task SettleAi(AiSettlement settlement);

    /// <summary>Usage of every kind.</summary>
    [Alias("GetUsage")]
    Task<IReadOnlyList<QuotaUsage>> GetUsage();

    /// <summary>New limits, pushed by the user grain when the user's licences change.</summary>
    [Alias("SetEntitlements")]
    Task SetEntitlements(Entitlements entitlements);
}

/// <summary>Keys of quota grains.</summary>
public static class QuotaKeys
{
    public static string ForUser(Guid userId) => $"user:{userId:N}";

    public static string ForApiKey(Guid userId, string keyId) => $"key:{userId:N}:{keyId}";

    /// <summary>The user whose entitlements apply to a quota key.</summary>
    public static Guid Owner(string quotaKey) => Guid.ParseExact(quotaKey.Split(':')[1], "N");
}
