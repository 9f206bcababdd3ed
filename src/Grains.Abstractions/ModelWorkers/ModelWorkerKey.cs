namespace PowerAutomation.Grains.Abstractions.ModelWorkers;

/// <summary>
/// A model worker's identity: one model on one device of one silo. The silo is named in the key so that a worker
/// can only ever be placed there (the placement director refuses anything else); a restarted silo has a new
/// address, so its workers get new keys and stale ones can no longer activate.
/// </summary>
public sealed record ModelWorkerKey(string Model, string Silo, string Device)
{
    private const char Separator = '|';

    public override string ToString() => string.Join(Separator, Model, Silo, Device);

    public static ModelWorkerKey? TryParse(string key) =>
        key.Split(Separator) is [var model, var silo, var device] && model.Length > 0 && silo.Length > 0 && device.Length > 0
            ? new ModelWorkerKey(model, silo, device)
            : null;
}
