using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Tests.Documents.Authoring;

/// <summary>
/// Undo by author on random histories of two interleaved authors: taking back A's changes never touches the text B
/// wrote, taking back all of them leaves none of A's text, and redo brings A's changes back around B's later typing.
/// </summary>
public sealed class SelectiveUndoPropertyTests
{
    private static readonly Guid A = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001");
    private static readonly Guid B = Guid.Parse("bbbbbbbb-0000-0000-0000-000000000002");
    private static readonly Guid Creator = Guid.Parse("cccccccc-0000-0000-0000-000000000003");
    private static readonly Guid Undoer = Guid.Parse("dddddddd-0000-0000-0000-000000000004");

    private static AuthoringHistory Interleaved(int seed, int steps)
    {
        var random = new Random(seed);
        var history = new AuthoringHistory("The quick brown fox", Creator);
        for (var i = 0; i < steps; i++)
        {
            var (author, letters) = random.Next(2) == 0 ? (A, "abcdefg") : (B, "TUVWXYZ");
            history.Apply(history.RandomEdit(random, letters), author);
        }

        return history;
    }

    [Fact]
    public void UndoingAllOfA_LeavesNoneOfAsText_AndEveryCharacterOfBsTextInOrder()
    {
        for (var seed = 0; seed < 400; seed++)
        {
            var history = Interleaved(seed, 1 + seed % 25);
            var before = history.TextBy(B);
            history.Undo(A, Undoer, count: 1000);
            Assert.True(history.TextBy(B) == before, $"seed {seed}: B's text changed from '{before}' to '{history.TextBy(B)}'");
            Assert.True(history.TextBy(A) == "", $"seed {seed}: A's text '{history.TextBy(A)}' is still there");
        }
    }

    [Fact]
    public void UndoingAsChangesOneByOne_NeverTouchesBsText_UntilNothingIsLeft()
    {
        for (var seed = 0; seed < 300; seed++)
        {
            var history = Interleaved(seed, 1 + seed % 20);
            var random = new Random(seed);
            var undone = 0;
            while (true)
            {
                var before = history.TextBy(B);
                if (history.Undo(A, A) is null)
                {
                    break;
                }

                undone++;
                Assert.True(history.TextBy(B) == before, $"seed {seed}, undo {undone}: B's text changed");

                // B keeps typing between A's undos.
                if (random.Next(2) == 0)
                {
                    history.Apply(history.RandomEdit(random, "TUVWXYZ"), B);
                }
            }

            Assert.Equal(history.Operations.Count(o => o.AuthorId == A && o.UndoOf is null), undone);
        }
    }

    [Fact]
    public void RedoAfterUndo_WithNothingBetween_RestoresTheTextExactly_AndRedoAgainIsNothing()
    {
        for (var seed = 0; seed < 300; seed++)
        {
            var history = Interleaved(seed, 1 + seed % 20);
            if (!history.Operations.Any(o => o.AuthorId == A))
            {
                continue;
            }

            var before = history.Text;
            Assert.NotNull(history.Undo(A, A, count: 1 + seed % 3));
            Assert.NotNull(history.Undo(A, A, redo: true));
            Assert.Equal(before, history.Text);
            Assert.Null(history.Undo(A, A, redo: true));
        }
    }

    [Fact]
    public void RedoAroundLaterTyping_KeepsBsText_AndBringsBackWhatWasUndone()
    {
        for (var seed = 0; seed < 300; seed++)
        {
            var random = new Random(seed + 10_000);
            var history = new AuthoringHistory("shared text here", Creator);
            history.Apply(history.RandomEdit(random, "abcdefg"), A);
            var aWrote = history.TextBy(A);
            history.Undo(A, A);
            for (var i = 0; i < 1 + seed % 6; i++)
            {
                history.Apply(history.RandomEdit(random, "TUVWXYZ"), B);
            }

            var bText = history.TextBy(B);
            Assert.NotNull(history.Undo(A, A, redo: true));
            Assert.Equal(bText, history.TextBy(B));

            // What A inserted is back unless B deleted around it meanwhile: never more than A wrote.
            Assert.True(history.TextBy(A).Length <= aWrote.Length + history.Operations[0].Inverse!.Components.Where(c => c.Kind == ComponentKind.Insert).Sum(c => c.Length),
                $"seed {seed}: redo wrote more than the change had");
        }
    }

    [Fact]
    public void TypingAfterUndo_ClearsRedo_AsInAnyEditor()
    {
        var history = new AuthoringHistory("abc", Creator);
        history.Apply(TextOperation.Splice(3, 3, 0, "d"), A);
        history.Undo(A, A);
        history.Apply(TextOperation.Splice(3, 0, 0, "z"), A);
        Assert.Null(history.Undo(A, A, redo: true));
        Assert.Equal("zabc", history.Text);
    }

    [Fact]
    public void UndoUndoRedoRedo_WalksBackAndForthThroughTheAuthorsChanges()
    {
        var history = new AuthoringHistory("", Creator);
        history.Apply(TextOperation.Splice(0, 0, 0, "one "), A);
        history.Apply(TextOperation.Splice(4, 4, 0, "two"), A);
        history.Apply(TextOperation.Splice(7, 0, 0, "B:"), B);
        history.Undo(A, A);
        Assert.Equal("B:one ", history.Text);
        history.Undo(A, A);
        Assert.Equal("B:", history.Text);
        Assert.Null(history.Undo(A, A));
        history.Undo(A, A, redo: true);
        Assert.Equal("B:one ", history.Text);
        history.Undo(A, A, redo: true);
        Assert.Equal("B:one two", history.Text);
        Assert.Null(history.Undo(A, A, redo: true));

        // A redone change is undone again through the redo that carries it.
        history.Undo(A, A);
        Assert.Equal("B:one ", history.Text);
    }
}
