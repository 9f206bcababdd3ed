namespace PowerAutomation.Grains.Abstractions.Projects;

/// <summary>
/// What a member may do with one document of the project, and where it is: the project's path index is the one
/// source of a document's path, so a rename is one write and nobody sees the old and new path at once.
/// </summary>
[GenerateSerializer, Immutable, Alias("pa.DocumentAccess")]
public sealed record DocumentAccess(
    [property: Id(0)] string Role,
    [property: Id(1)] string Path);
