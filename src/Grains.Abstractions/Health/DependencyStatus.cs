namespace PowerAutomation.Grains.Abstractions.Health;

/// <summary>Whether one dependency of the cluster answered, and why not.</summary>
[GenerateSerializer, Immutable, Alias("pa.DependencyStatus")]
public sealed record DependencyStatus(
    [property: Id(0)] string Name,
    [property: Id(1)] bool Healthy,
    [property: Id(2)] string? Error,
    [property: Id(3)] double ElapsedMilliseconds);
