namespace PowerAutomation.Grains.Abstractions.Health;

/// <summary>Asks a silo whether it reaches its dependencies (PostgreSQL, Redis).</summary>
[Alias("pa.IHealthGrain")]
public interface IHealthGrain : IGrainWithIntegerKey
{
    /// <summary>One status per dependency.</summary>
    [Alias("CheckDependencies")]
    Task<IReadOnlyList<DependencyStatus>> CheckDependencies();
}
