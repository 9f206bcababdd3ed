using PowerAutomation.Grains.Abstractions.Health;

namespace PowerAutomation.Grains.Health;

/// <summary>Checks that one external dependency of the silo answers.</summary>
public interface IDependencyProbe
{
    string Name { get; }

    Task<DependencyStatus> CheckAsync(CancellationToken cancellationToken);
}
