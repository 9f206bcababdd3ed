namespace PowerAutomation.Grains.Abstractions.Paging;

/// <summary>How many items a listing page may hold.</summary>
public static class PageLimits
{
    public const int Default = 50;
    public const int Max = 200;

    /// <summary>The bound grains apply whatever a caller asked for.</summary>
    public static int Clamp(int limit) => Math.Clamp(limit, 1, Max);
}
