using PowerAutomation.Grains.Abstractions.Health;

namespace PowerAutomation.Grains.Health;

/// <summary>Checks that one external dependency of the silo answers.</summary>
public interface IDependencyProbe
{
    string Name { get; }

    Task<DependencyStatus> CheckAsync(CancellationToken cancellationToken);
}

public static class DependencyProbeExtensions
{
    /// <summary>Runs the probe; a failure or timeout is reported as an unhealthy status, never thrown.</summary>
    public static async Task<DependencyStatus> CheckSafelyAsync(this IDependencyProbe probe, CancellationToken cancellationToken)
    {
        try
        {
            return await probe.CheckAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            return new DependencyStatus(probe.Name, false, exception.Message, 0);
        }
    }
}
