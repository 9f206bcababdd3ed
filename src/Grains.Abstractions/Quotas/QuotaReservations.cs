namespace PowerAutomation.Grains.Abstractions.Quotas;

/// <summary>Settling a reservation made before work whose real cost is known only afterwards.</summary>
public static class QuotaReservations
{
    /// <summary>
    /// Brings a reservation of <paramref name="reserved"/> units to the <paramref name="used"/> ones: the rest is given
    /// back, or the excess (the work cost more than reserved) charged, since it has been done.
    /// </summary>
    public static Task TrueUpAsync(this IQuotaGrain quota, string kind, long reserved, long used, DateTimeOffset reservedAt)
    {
        var difference = used - reserved;
        return difference > 0 ? quota.Charge(kind, difference)
            : difference < 0 ? quota.Refund(kind, -difference, reservedAt)
            : Task.CompletedTask;
    }
}
