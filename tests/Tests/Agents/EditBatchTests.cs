using PowerAutomation.Gateway.Agents.Tools;

namespace PowerAutomation.Tests.Agents;

public sealed class EditBatchTests
{
    [Fact]
    public void Build_SortedEdits_MakeOneOperationOnTheBase()
    {
        var built = EditBatch.Build("hello world", [new TextEdit(0, 5, "HELLO"), new TextEdit(6, 6, "big "), new TextEdit(11, 11, "!")]);
        Assert.Equal("HELLO big world!", built.Operation!.Apply("hello world"));
    }

    [Theory]
    [InlineData(0, 20, "edits[0].to")]
    [InlineData(-1, 2, "edits[0].from")]
    [InlineData(3, 2, "edits[0].to")]
    public void Build_OutOfRange_NamesTheField(int from, int to, string field)
    {
        var built = EditBatch.Build("hello", [new TextEdit(from, to, "x")]);
        Assert.Null(built.Operation);
        Assert.Equal(field, built.Field);
    }

    [Fact]
    public void Build_OverlappingOrUnsorted_IsRefused()
    {
        Assert.Equal("edits[1].from", EditBatch.Build("hello world", [new TextEdit(2, 6, "a"), new TextEdit(4, 8, "b")]).Field);
        Assert.Equal("edits[1].from", EditBatch.Build("hello world", [new TextEdit(6, 8, "a"), new TextEdit(0, 1, "b")]).Field);
    }

    [Fact]
    public void Build_SurrogatePairs_AreNeverCutNorInsertedHalf()
    {
        const string text = "a😀b"; // 😀 is two UTF-16 units at 1 and 2.
        Assert.Equal("edits[0].from", EditBatch.Build(text, [new TextEdit(2, 3, "")]).Field);
        Assert.Equal("edits[0].to", EditBatch.Build(text, [new TextEdit(0, 2, "")]).Field);
        Assert.Equal("edits[0].text", EditBatch.Build(text, [new TextEdit(0, 0, "\ud800")]).Field);
        Assert.Equal("a😀😀b", EditBatch.Build(text, [new TextEdit(3, 3, "😀")]).Operation!.Apply(text));
    }
}
