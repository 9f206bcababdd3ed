namespace PowerAutomation.Grains.Abstractions.Licensing;

/// <summary>Editions in rising order; a user's edition is that of their best valid licence, else community.</summary>
public static class Editions
{
    public const string Community = "community";
    public const string Personal = "personal";
    public const string Professional = "professional";
    public const string Team = "team";
    public const string Enterprise = "enterprise";

    public static IReadOnlyList<string> All { get; } = [Community, Personal, Professional, Team, Enterprise];

    public static bool IsKnown(string? edition) => edition is not null && All.Contains(edition);

    /// <summary>Higher is better; unknown editions rank below community.</summary>
    public static int Rank(string edition) => All.ToList().IndexOf(edition);
}
