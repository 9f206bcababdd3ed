namespace PowerAutomation.Grains.Persistence;

/// <summary>Steps grains that fan out to others share: a write that undoes itself in memory, and bounded fan-out.</summary>
public static class GrainSteps
{
    /// <summary>Writes the state; on failure restores what the caller changed in memory, so memory matches storage.</summary>
    public static async Task WriteOrUndoAsync<T>(this IPersistentState<T> state, Action undo)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            undo();
            throw;
        }
    }

    /// <summary>Runs <paramref name="call"/> for every item, <paramref name="fanOut"/> at a time.</summary>
    public static async Task ForEachAsync<T>(int fanOut, IReadOnlyList<T> items, Func<T, Task> call)
    {
        foreach (var chunk in items.Chunk(fanOut))
        {
            await Task.WhenAll(chunk.Select(call));
        }
    }
}
