using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Tests.Documents.Authoring;

public sealed class AuthorshipTests
{
    private static readonly Guid Ann = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001");
    private static readonly Guid Bob = Guid.Parse("bbbbbbbb-0000-0000-0000-000000000002");

    [Fact]
    public void Ranges_CoverTheContent_WithWhoWroteEachPart_AndMergeNeighboursOfOneAuthor()
    {
        var authors = Authorship.Of(5, Ann, AuthorKinds.User, 0); // "hello"
        authors.Apply(TextOperation.Splice(5, 5, 0, " world"), Bob, AuthorKinds.Ai, 1); // "hello world"
        authors.Apply(TextOperation.Splice(11, 1, 4, ""), Bob, AuthorKinds.Ai, 2); // "h world"
        authors.Apply(TextOperation.Splice(7, 1, 0, "i"), Ann, AuthorKinds.User, 3); // "hi world"
        Assert.Equal(
            [new BlameRange(0, 2, Ann, AuthorKinds.User, 3), new BlameRange(2, 8, Bob, AuthorKinds.Ai, 1)],
            authors.Ranges());
    }

    [Fact]
    public void SameUserAsPersonAndAsAi_AreDifferentRuns()
    {
        var authors = Authorship.Of(2, Ann, AuthorKinds.User, 0);
        authors.Apply(TextOperation.Splice(2, 2, 0, "ai"), Ann, AuthorKinds.Ai, 1);
        Assert.Equal(2, authors.Ranges().Count);
    }

    [Fact]
    public void Serialize_RoundTrips_AndGarbageIsAFormatError()
    {
        var authors = Authorship.Of(3, Ann, AuthorKinds.User, 0);
        authors.Apply(TextOperation.Splice(3, 1, 0, "xyz"), Bob, AuthorKinds.Workflow, 4);
        var copy = Authorship.Parse(authors.Serialize());
        Assert.Equal(authors.Ranges(), copy.Ranges());
        Assert.Throws<FormatException>(() => Authorship.Parse("{\"not\":\"runs\"}"));
        Assert.Throws<FormatException>(() => Authorship.Parse("[[0,\"" + Ann + "\",\"user\",1]]"));
        Assert.Throws<FormatException>(() => Authorship.Parse("[[1,\"" + Ann + "\",\"robot\",1]]"));
    }

    [Fact]
    public void AnOperationOfTheWrongLength_IsRefused()
    {
        var authors = Authorship.Of(3, Ann, AuthorKinds.User, 0);
        Assert.Throws<OperationException>(() => authors.Apply(TextOperation.Splice(4, 0, 0, "x"), Bob, AuthorKinds.User, 1));
        Assert.Throws<OperationException>(() => authors.Apply(TextOperation.Splice(2, 0, 0, "x"), Bob, AuthorKinds.User, 1));
    }

    [Fact]
    public void AfterRandomHistories_TheRangesMatchTheTextEachAuthorTyped()
    {
        // Each author types only their own letters, so blame is right exactly when each range holds only its author's letters.
        for (var seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            var history = new AuthoringHistory("", Ann);
            for (var i = 0; i < 40; i++)
            {
                var (author, letters) = random.Next(2) == 0 ? (Ann, "abc") : (Bob, "XYZ");
                history.Apply(history.RandomEdit(random, letters), author);

                // A blame taken between edits (kept until the next one) never outlives the edit after it.
                var between = history.Authors.Ranges();
                Assert.Equal(history.Text.Length, between.Count == 0 ? 0 : between[^1].To);
            }

            var ranges = history.Authors.Ranges();
            Assert.Equal(history.Text.Length, ranges.Count == 0 ? 0 : ranges[^1].To);
            foreach (var range in ranges)
            {
                var letters = range.AuthorId == Ann ? "abcx" : "XYZx";
                Assert.True(history.Text[range.From..range.To].All(letters.Contains), $"seed {seed}: '{history.Text[range.From..range.To]}' is not all {range.AuthorId}'s");
            }
        }
    }

    [Fact]
    public void LongHistories_AcrossManyBlocks_MatchAPerCharacterRecord()
    {
        // Thousands of runs, so blocks split and empty ones go: compared with one author per character.
        var random = new Random(5);
        Guid[] people = [Ann, Bob, Guid.NewGuid()];
        var authors = Authorship.Of(1000, Ann, AuthorKinds.User, 0);
        var perCharacter = Enumerable.Repeat(Ann, 1000).ToList();
        for (var revision = 1; revision <= 6000; revision++)
        {
            var who = people[random.Next(people.Length)];
            var position = random.Next(perCharacter.Count + 1);
            var delete = random.Next(10) == 0 ? Math.Min(random.Next(10), perCharacter.Count - position) : 0;
            var insert = random.Next(1, 4);
            authors.Apply(TextOperation.Splice(perCharacter.Count, position, delete, new string('x', insert)), who, AuthorKinds.User, revision);
            perCharacter.RemoveRange(position, delete);
            perCharacter.InsertRange(position, Enumerable.Repeat(who, insert));
        }

        var expected = new List<Guid>();
        foreach (var range in authors.Ranges())
        {
            expected.AddRange(Enumerable.Repeat(range.AuthorId, range.To - range.From));
        }

        Assert.Equal(perCharacter, expected);
        Assert.Equal(perCharacter.Count, authors.Length);
        Assert.True(authors.Ranges().Count > 1000);
        Assert.Equal(authors.Ranges(), Authorship.Parse(authors.Serialize()).Ranges());
    }
}
