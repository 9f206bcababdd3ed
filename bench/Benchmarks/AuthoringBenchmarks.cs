using BenchmarkDotNet.Attributes;
using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Benchmarks;

/// <summary>
/// Undo by author and blame as the document grain runs them. Undo: a 100,000-operation history whose last change by
/// author A has 1,000 later operations by B on top: choose A's change (looking back through the grain's reach of
/// 10,000) and transform its inverse through the 1,000 (the target: under 10 ms). Blame: the ranges of a
/// 1 MiB document written by two authors in 100,000 alternating edits (target: under 5 ms), beside rebuilding blame
/// by replaying that history, which is what a blame without incremental upkeep costs per request. A repeated blame
/// with no edit between is served from the ranges the last one built.
/// </summary>
[MemoryDiagnoser]
public class AuthoringBenchmarks
{
    private static readonly Guid A = Guid.NewGuid();
    private static readonly Guid B = Guid.NewGuid();
    private List<AppliedOperation> _history = [];
    private List<AppliedOperation> _reach = [];
    private Authorship _authors = new([]);
    private string _base = "";
    private int _revision = 100_000;

    [GlobalSetup]
    public void Build()
    {
        var random = new Random(1);
        var text = new ChunkedText(new string('x', 1024 * 1024 - 100_000));
        _base = text.ToString();
        _authors = Authorship.Of(text.Length, Guid.Empty, AuthorKinds.User, 0);
        for (var revision = 1; revision <= 100_000; revision++)
        {
            // A types until 1,000 operations before the head; from there on only B does.
            var author = revision <= 99_000 && revision % 2 == 0 ? A : B;
            var operation = TextOperation.Splice(text.Length, random.Next(text.Length + 1), 0, author == A ? "a" : "b");
            var applied = new AppliedOperation(revision, operation, author, null, null, DateTimeOffset.UnixEpoch) { Inverse = operation.Invert(text) };
            text.Apply(operation);
            _authors.Apply(operation, author, AuthorKinds.User, revision);
            _history.Add(applied);
        }

        _reach = _history.GetRange(_history.Count - 10_000, 10_000);
    }

    [Benchmark]
    public int UndoLastOfA_Under1000Later()
    {
        var choice = UndoSelection.Choose(_reach, o => o.AuthorId == A, 1, redo: false);
        var oldest = choice.Take.Min();
        var first = _reach[0].Revision;
        var undo = SelectiveUndo.Compute(_reach.GetRange(oldest - first, _reach.Count - (oldest - first)), choice.Take);
        return undo.TargetLength;
    }

    /// <summary>The first blame after an edit (one typed character at the start, then the whole 1 MiB's ranges built).</summary>
    [Benchmark]
    public int BlameOf1MiB()
    {
        _authors.Apply(TextOperation.Splice(_authors.Length, 0, 0, "a"), A, AuthorKinds.User, ++_revision);
        return _authors.Ranges().Count;
    }

    /// <summary>Another blame with no edit between: the ranges the last one built.</summary>
    [Benchmark]
    public int BlameOf1MiB_AgainBeforeTheNextEdit() => _authors.Ranges().Count;

    [Benchmark]
    public int BlameOf1MiB_ByReplayingTheHistory()
    {
        var authors = Authorship.Of(_base.Length, Guid.Empty, AuthorKinds.User, 0);
        foreach (var applied in _history)
        {
            authors.Apply(applied.Operation, applied.AuthorId, applied.AuthorKind, applied.Revision);
        }

        return authors.Ranges().Count;
    }
}
