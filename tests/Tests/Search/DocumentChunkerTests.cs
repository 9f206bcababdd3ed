using PowerAutomation.Grains.Search;

namespace PowerAutomation.Tests.Search;

public sealed class DocumentChunkerTests
{
    [Fact]
    public void Chunks_AreWholeLines_WithinTheLimit_AndCoverTheText()
    {
        var text = string.Concat(Enumerable.Range(0, 200).Select(i => $"line {i} {new string('x', i % 37)}\n"));

        var chunks = DocumentChunker.Chunk(text, 300);

        Assert.All(chunks, c => Assert.InRange(c.Text.Length, 1, 300));
        Assert.All(chunks, c => Assert.True(c.Offset == 0 || text[c.Offset - 1] == '\n', "a chunk starts at a line"));
        Assert.Equal(text, string.Concat(chunks.Select(c => c.Text)));
        Assert.All(chunks, c => Assert.Equal(text.Substring(c.Offset, c.Text.Length), c.Text));
    }

    [Fact]
    public void ALongLine_IsCut_WithoutSplittingASurrogatePair()
    {
        var text = new string('a', 99) + "😀" + new string('b', 150);

        var chunks = DocumentChunker.Chunk(text, 100);

        Assert.Equal(text, string.Concat(chunks.Select(c => c.Text)));
        Assert.All(chunks, c => Assert.False(char.IsHighSurrogate(c.Text[^1])));
        Assert.Equal(99, chunks[0].Text.Length);
    }

    [Fact]
    public void BlankText_HasNoChunks()
    {
        Assert.Empty(DocumentChunker.Chunk("", 100));
        Assert.Empty(DocumentChunker.Chunk("\n\n   \n\t\n", 100));
    }
}
