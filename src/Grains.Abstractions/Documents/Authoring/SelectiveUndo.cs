namespace PowerAutomation.Grains.Abstractions.Documents;

/// <summary>
/// Undo of chosen operations in the middle of a history, leaving every other operation's effect in place.
/// Walking the history oldest to newest, one pending operation P is kept on the state after each step: at a
/// chosen operation s, P becomes inverse(s) followed by P (P was on the state before s); at any other operation R,
/// P is transformed past R. At the head P takes back exactly what the chosen operations still contribute: text they
/// inserted that others later deleted stays deleted, and text others inserted afterwards is never touched.
/// </summary>
public static class SelectiveUndo
{
    /// <param name="history">Consecutive operations, oldest first, starting at the oldest chosen one; each with its inverse.</param>
    /// <param name="chosen">Revisions in <paramref name="history"/> to take back.</param>
    /// <returns>The operation on the state after the last of <paramref name="history"/>.</returns>
    public static TextOperation Compute(IReadOnlyList<AppliedOperation> history, IReadOnlySet<int> chosen)
    {
        TextOperation? pending = null;
        foreach (var applied in history)
        {
            if (chosen.Contains(applied.Revision))
            {
                var inverse = applied.Inverse ?? throw new InvalidOperationException($"Revision {applied.Revision} has no inverse.");
                pending = pending is null ? inverse : TextOperation.Compose(inverse, pending);
            }
            else if (pending is not null)
            {
                // The later operation's insert goes first at a tie: text put back lands after what was typed there since,
                // which keeps redone changes in their order when an earlier one was redone first.
                pending = TextOperation.Transform(applied.Operation, pending).BPrime;
            }
        }

        return pending ?? throw new ArgumentException("No chosen revision is in the history.", nameof(chosen));
    }
}
