namespace PowerAutomation.Grains.Identity;

[GenerateSerializer, Alias("pa.ApiKeyState")]
public sealed class ApiKeyState
{
    [Id(0)] public PowerAutomation.Grains.Abstractions.Identity.ApiKeyRecord? Record { get; set; }

    /// <summary>The last authentication as last written: at most <see cref="ApiKeyGrain.LastUseWriteInterval"/> old.</summary>
    [Id(1)] public DateTimeOffset? LastUsedAt { get; set; }
}
