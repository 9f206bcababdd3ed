namespace PowerAutomation.Grains.Abstractions.Quotas;

/// <summary>
/// What one AI call may use at most, reserved before it goes upstream: one <c>ai_requests</c> unit, its token bound
/// in <c>ai_tokens</c>, its maximum cost in <c>ai_spend</c> (micro-USD), and, for a call made with an API key that
/// has its own <c>aiSpendPerDay</c>, the same cost against the key's budget inside the user's.
/// </summary>
[GenerateSerializer, Immutable, Alias("pa.AiReservationRequest")]
public sealed record AiReservationRequest(
    [property: Id(0)] long Tokens,
    [property: Id(1)] long SpendMicroUsd,
    [property: Id(2)] string? KeyId = null,
    [property: Id(3)] long? KeySpendLimit = null);

/// <summary>
/// The answer to a reservation: granted whole or not at all. <c>Refused</c> is the decision that said no (kind
/// <c>ai_spend</c> with the key's limit when the key's budget did); <c>Spend</c> reports the user's money budget.
/// </summary>
[GenerateSerializer, Immutable, Alias("pa.AiReservationResult")]
public sealed record AiReservationResult(
    [property: Id(0)] QuotaDecision Requests,
    [property: Id(1)] QuotaDecision? Refused,
    [property: Id(2)] DateTimeOffset ReservedAt,
    [property: Id(3)] QuotaDecision Spend)
{
    public bool Granted => Refused is null;
}

/// <summary>
/// How a reserved call ended: a call that delivered anything is charged what it used (the rest of the reservation
/// given back, or an excess over it charged, since the work is done); one that delivered nothing gets all of it back.
/// </summary>
[GenerateSerializer, Immutable, Alias("pa.AiSettlement")]
public sealed record AiSettlement(
    [property: Id(0)] AiReservationRequest Reserved,
    [property: Id(1)] DateTimeOffset ReservedAt,
    [property: Id(2)] bool Delivered,
    [property: Id(3)] long TokensUsed,
    [property: Id(4)] long SpendUsedMicroUsd);
