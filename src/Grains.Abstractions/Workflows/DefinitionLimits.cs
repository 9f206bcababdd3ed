namespace PowerAutomation.Grains.Abstractions.Workflows;

/// <summary>
/// Bounds a definition must keep when it is saved (from the silo's <c>Workflows</c> settings). A recorded definition is
/// read again without them, so a run started under larger bounds still replays.
/// </summary>
public sealed record DefinitionLimits(TimeSpan MaxDelay, int MaxValueDepth);
