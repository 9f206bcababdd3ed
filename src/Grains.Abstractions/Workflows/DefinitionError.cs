namespace PowerAutomation.Grains.Abstractions.Workflows;

/// <summary>One reason a definition was refused: the step (when it is about one), the field, and what is wrong.</summary>
[GenerateSerializer, Immutable, Alias("pa.DefinitionError")]
public sealed record DefinitionError(
    [property: Id(0)] string? StepId,
    [property: Id(1)] string Field,
    [property: Id(2)] string Message);
