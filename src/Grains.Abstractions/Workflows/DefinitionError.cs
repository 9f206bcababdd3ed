namespace PowerAutomation.Grains.Abstractions.Workflows;

/// <summary>
/// One reason a definition was refused: the step (when it is about one), the field, and what is wrong; <see cref="Code"/>
/// is set when the reason is not the definition's meaning but its JSON (a number sent as a string: <c>invalid_json</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("pa.DefinitionError")]
public sealed record DefinitionError(
    [property: Id(0)] string? StepId,
    [property: Id(1)] string Field,
    [property: Id(2)] string Message,
    [property: Id(3)] string? Code = null);
