using Orleans.Placement;

namespace PowerAutomation.Grains.ModelWorkers;

/// <summary>Model workers go only to the silo their key names, and only if that silo declares the device.</summary>
[GenerateSerializer, Immutable, Alias("pa.ModelWorkerPlacement")]
public sealed class ModelWorkerPlacement : PlacementStrategy
{
    public static ModelWorkerPlacement Instance { get; } = new();
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ModelWorkerPlacementAttribute() : PlacementAttribute(ModelWorkerPlacement.Instance);

/// <summary>Silo metadata through which a silo declares the devices it runs model workers on.</summary>
public static class ModelWorkerMetadata
{
    /// <summary>Comma-separated devices, e.g. <c>cuda:0,cuda:1</c> or <c>cpu</c>; absent on silos without workers.</summary>
    public const string DevicesKey = "pa.model-workers.devices";

    public static IReadOnlyList<string> ParseDevices(string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
