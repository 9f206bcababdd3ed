namespace PowerAutomation.Grains.Abstractions.Documents;

/// <summary>
/// Which operations an undo or redo takes back, from the history newest first. Every undo or redo operation names
/// the original revisions it acts on (<see cref="AppliedOperation.UndoOf"/>); the newest one naming a revision
/// decides whether that revision's change is undone, or live again and carried by that redo. Undo picks the
/// newest live changes of the author (by their original attributes) and takes back their carriers; redo picks the
/// newest undo whose changes are all still undone by it, unless the author has made a new change since (as in any
/// editor, typing clears the redo stack). Undo and redo operations are never picked themselves.
/// </summary>
public static class UndoSelection
{
    /// <param name="history">Consecutive operations up to the head, oldest first.</param>
    /// <param name="matches">Whether an original (not undo or redo) operation is the author's.</param>
    /// <param name="count">How many changes (undo) or undo steps (redo) to take back, at least 1.</param>
    /// <param name="redo">Redo instead of undo.</param>
    public static UndoChoice Choose(IReadOnlyList<AppliedOperation> history, Func<AppliedOperation, bool> matches, int count, bool redo)
    {
        var first = history.Count == 0 ? 0 : history[0].Revision;
        AppliedOperation? Original(int revision) =>
            revision >= first && revision - first < history.Count && history[revision - first] is { UndoOf: null } original ? original : null;

        // Per original revision, the newest undo/redo naming it: an undo, or the redo that carries it now.
        var decided = new Dictionary<int, AppliedOperation>();
        var take = new SortedSet<int>();
        var targets = new SortedSet<int>();
        var steps = 0;
        for (var i = history.Count - 1; i >= 0; i--)
        {
            var applied = history[i];
            if (steps >= count)
            {
                break;
            }

            if (applied.UndoOf is { } named)
            {
                if (redo && !applied.Redo && named.Length > 0 && named.All(r => !decided.ContainsKey(r))
                    && Original(named[0]) is { } undone && matches(undone))
                {
                    // An undo of the author's changes still in force for everything it named: redo takes it back.
                    take.Add(applied.Revision);
                    targets.UnionWith(named);
                    steps++;
                }

                foreach (var revision in named)
                {
                    decided.TryAdd(revision, applied);
                }

                continue;
            }

            if (!matches(applied))
            {
                continue;
            }

            decided.TryGetValue(applied.Revision, out var decision);
            if (redo)
            {
                if (decision is null && !targets.Contains(applied.Revision))
                {
                    // A live change by the author newer than any undo still open: nothing (more) to redo.
                    break;
                }

                continue;
            }

            if (decision is { Redo: false })
            {
                continue;
            }

            take.Add(decision?.Revision ?? applied.Revision);
            targets.Add(applied.Revision);
            steps++;
        }

        return new UndoChoice(take, [.. targets]);
    }
}

/// <summary>
/// <see cref="Take"/>: the revisions whose effect is taken back (originals, their carrying redos, or undos being
/// redone); <see cref="Targets"/>: the original revisions the new operation names in <see cref="AppliedOperation.UndoOf"/>.
/// </summary>
public sealed record UndoChoice(IReadOnlySet<int> Take, int[] Targets)
{
    public bool IsEmpty => Take.Count == 0;
}
