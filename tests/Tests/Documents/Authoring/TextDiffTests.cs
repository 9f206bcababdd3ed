using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Tests.Documents.Authoring;

public sealed class TextDiffTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("", "new\ntext")]
    [InlineData("old\ntext\n", "")]
    [InlineData("int a = 1;\nint b = 2;\n", "int a = 1;\nint b = 3;\n")]
    [InlineData("a\r\nb\r\nc", "a\r\nB\r\nc\r\nd")]
    [InlineData("emoji 😀 here", "emoji 😃 here")]
    [InlineData("😀😀", "😀")]
    public void Between_TurnsTheOldTextIntoTheNew(string before, string after) =>
        Assert.Equal(after, TextDiff.Between(before, after).Apply(before));

    [Fact]
    public void OneChangedCharacter_IsOneSmallEdit_NotARewriteOfTheLine()
    {
        var operation = TextDiff.Between("first\nint b = 2;\nlast\n", "first\nint b = 3;\nlast\n");
        Assert.Equal(1, operation.Components.Where(c => c.Kind == ComponentKind.Delete).Sum(c => c.Length));
        Assert.Equal("3", string.Concat(operation.Components.Where(c => c.Kind == ComponentKind.Insert).Select(c => c.Text)));
    }

    [Fact]
    public void NoBoundaryFallsInsideASurrogatePair()
    {
        // 😀 and 😃 share their high surrogate: a character-level trim would split the pair.
        var operation = TextDiff.Between("x😀y", "x😃y");
        operation.Validate(new StringText("x😀y"));
        Assert.Equal("😃", string.Concat(operation.Components.Where(c => c.Kind == ComponentKind.Insert).Select(c => c.Text)));
    }

    [Fact]
    public void RandomPairs_AlwaysApply()
    {
        var random = new Random(3);
        string[] pieces = ["a", "b", "\n", "😀", "😃", "c", "\r\n"];
        string Random(int length) => string.Concat(Enumerable.Range(0, length).Select(_ => pieces[random.Next(pieces.Length)]));
        for (var i = 0; i < 2000; i++)
        {
            var before = Random(random.Next(30));
            var after = Random(random.Next(30));
            var operation = TextDiff.Between(before, after);
            operation.Validate(new StringText(before));
            Assert.Equal(after, operation.Apply(before));
        }
    }
}
