namespace PowerAutomation.Grains.Workflows.Secrets;

[GenerateSerializer, Alias("pa.WorkflowSecretsState")]
public sealed class WorkflowSecretsState
{
    /// <summary>By name (ordinal): only sealed values are ever stored.</summary>
    [Id(0)] public Dictionary<string, StoredSecret> Secrets { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("pa.StoredSecret")]
public sealed record StoredSecret(
    [property: Id(0)] string Sealed,
    [property: Id(1)] DateTimeOffset UpdatedAt);
