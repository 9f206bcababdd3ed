namespace PowerAutomation.Grains.Abstractions;

/// <summary>Names of the grain storage and stream providers every silo registers.</summary>
public static class StorageNames
{
    /// <summary>ADO.NET grain storage on PostgreSQL for domain grains.</summary>
    public const string Grains = "Default";

    /// <summary>ADO.NET grain storage holding stream pub-sub subscriptions.</summary>
    public const string PubSub = "PubSubStore";

    /// <summary>In-memory stream provider used for best-effort fan-out.</summary>
    public const string Streams = "Streams";
}
