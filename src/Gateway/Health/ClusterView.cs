using System.Text.Json.Serialization;

namespace PowerAutomation.Gateway.Health;

/// <summary>A silo as the membership table has it, and how many activations its statistics report.</summary>
public sealed record SiloView(
    string Address,
    string Name,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? StartedAt,
    int Activations);

public sealed record GrainTypeView(string Type, int Activations);

/// <summary>
/// <c>GET /api/v1/admin/cluster</c>: silos (active first), grain types by activations (most first), and the total over
/// everything counted, including what the bounded lists leave out (<c>omittedSilos</c>, <c>omittedGrainTypes</c>).
/// </summary>
public sealed record ClusterViewResponse(
    IReadOnlyList<SiloView> Silos,
    IReadOnlyList<GrainTypeView> GrainTypes,
    long TotalActivations,
    int OmittedSilos,
    int OmittedGrainTypes);

/// <summary>Pure shaping of the management grain's answers into the bounded view.</summary>
public static class ClusterView
{
    public const int MaxSilos = 100;
    public const int MaxGrainTypes = 100;

    /// <param name="silos">Membership entries: address, name, status (lower case), start time.</param>
    /// <param name="activations">Per silo and grain type, the activation count.</param>
    public static ClusterViewResponse Build(
        IReadOnlyList<(string Address, string Name, string Status, DateTimeOffset? StartedAt)> silos,
        IReadOnlyList<(string Silo, string Type, int Count)> activations)
    {
        var perSilo = activations.GroupBy(a => a.Silo).ToDictionary(g => g.Key, g => g.Sum(a => a.Count));
        var siloViews = silos
            .OrderBy(s => s.Status == "active" ? 0 : 1)
            .ThenByDescending(s => s.StartedAt)
            .ThenBy(s => s.Address, StringComparer.Ordinal)
            .Select(s => new SiloView(s.Address, s.Name, s.Status, s.StartedAt, perSilo.GetValueOrDefault(s.Address)))
            .ToList();
        var types = activations.GroupBy(a => a.Type)
            .Select(g => new GrainTypeView(g.Key, g.Sum(a => a.Count)))
            .OrderByDescending(t => t.Activations).ThenBy(t => t.Type, StringComparer.Ordinal)
            .ToList();
        return new ClusterViewResponse(
            siloViews.Take(MaxSilos).ToList(),
            types.Take(MaxGrainTypes).ToList(),
            activations.Sum(a => (long)a.Count),
            Math.Max(0, siloViews.Count - MaxSilos),
            Math.Max(0, types.Count - MaxGrainTypes));
    }
}
