using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Tests.Documents.Authoring;

/// <summary>
/// A document's history as the grain keeps it, on the pure cores alone: text, operations with inverses, authorship,
/// and undo/redo by author through <see cref="UndoSelection"/> and <see cref="SelectiveUndo"/>.
/// </summary>
public sealed class AuthoringHistory(string initial, Guid creator)
{
    public string Text { get; private set; } = initial;

    public List<AppliedOperation> Operations { get; } = [];

    public Authorship Authors { get; } = Authorship.Of(initial.Length, creator, AuthorKinds.User, 0);

    public int Revision => Operations.Count;

    public AppliedOperation Apply(TextOperation operation, Guid author, string kind = AuthorKinds.User, int[]? undoOf = null, bool redo = false)
    {
        var applied = new AppliedOperation(Revision + 1, operation, author, null, null, DateTimeOffset.UnixEpoch)
        {
            AuthorKind = kind,
            Inverse = operation.Invert(Text),
            UndoOf = undoOf,
            Redo = redo,
        };
        Text = operation.Apply(Text);
        Authors.Apply(operation, author, kind, applied.Revision);
        Operations.Add(applied);
        return applied;
    }

    /// <summary>Undo (or redo) of <paramref name="whose"/> changes by <paramref name="undoer"/>; null when there is nothing to take back.</summary>
    public AppliedOperation? Undo(Guid whose, Guid undoer, int count = 1, bool redo = false)
    {
        var choice = UndoSelection.Choose(Operations, o => o.AuthorId == whose, count, redo);
        if (choice.IsEmpty)
        {
            return null;
        }

        var oldest = choice.Take.Min();
        var operation = SelectiveUndo.Compute(Operations.GetRange(oldest - 1, Revision - oldest + 1), choice.Take);
        return Apply(operation, undoer, undoOf: choice.Targets, redo: redo);
    }

    /// <summary>The text of the content written by <paramref name="author"/>, in order.</summary>
    public string TextBy(Guid author) =>
        string.Concat(Authors.Ranges().Where(r => r.AuthorId == author).Select(r => Text[r.From..r.To]));

    /// <summary>A random small edit: a delete of up to 3 units and an insert of 1-3 letters from <paramref name="letters"/>.</summary>
    public TextOperation RandomEdit(Random random, string letters)
    {
        var position = random.Next(Text.Length + 1);
        var delete = Math.Min(random.Next(4), Text.Length - position);
        var insert = random.Next(3) == 0 ? "" : new string(Enumerable.Range(0, random.Next(1, 4)).Select(_ => letters[random.Next(letters.Length)]).ToArray());
        return TextOperation.Splice(Text.Length, position, delete, insert == "" && delete == 0 ? "x" : insert);
    }
}
