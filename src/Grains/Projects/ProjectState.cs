namespace PowerAutomation.Grains.Projects;

[GenerateSerializer, Alias("pa.ProjectState")]
public sealed class ProjectState
{
    [Id(0)] public string Name { get; set; } = "";

    [Id(1)] public Dictionary<Guid, string> Members { get; set; } = [];

    /// <summary>Document ids by path.</summary>
    [Id(2)] public Dictionary<string, Guid> Documents { get; set; } = new(StringComparer.Ordinal);

    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
}
