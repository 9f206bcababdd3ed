using PowerAutomation.Inference.Embeddings;

namespace PowerAutomation.Tests.Embeddings;

public sealed class SentenceTokenizerTests
{
    private static readonly SentenceTokenizer Tokenizer = Load();

    private static SentenceTokenizer Load()
    {
        var (_, vocabulary) = MiniLmPackage.Read();
        using var stream = new MemoryStream(vocabulary.ToArray());
        return SentenceTokenizer.FromVocabulary(stream, 256);
    }

    [Fact]
    public void Tokenize_ExampleSentence_WrapsWordPiecesInClsAndSep() =>
        Assert.Equal([101, 2023, 2003, 2019, 2742, 6251, 102], Tokenizer.Tokenize("This is an example sentence"));

    [Fact]
    public void Tokenize_LongText_CutsAt256WithSepLast()
    {
        var ids = Tokenizer.Tokenize(TestSentences.Long);

        Assert.Equal(256, ids.Length);
        Assert.Equal(101, ids[0]);
        Assert.Equal(102, ids[^1]);
        Assert.Equal(Tokenizer.Tokenize(TestSentences.Long + " and more words at the end"), ids);
    }

    [Fact]
    public void Tokenize_CutsInsideWordsLikeHuggingFace()
    {
        // 254 pieces fit between [CLS] and [SEP]; the cut falls inside the last word, whose rest is dropped.
        var text = string.Join(' ', Enumerable.Repeat("a", 253)) + " supercalifragilisticexpialidocious";

        var ids = Tokenizer.Tokenize(text);

        Assert.Equal(256, ids.Length);
        Assert.True(Tokenizer.Tokenize("supercalifragilisticexpialidocious").Length > 3, "the word must take several pieces");
        Assert.Equal(Tokenizer.Tokenize("supercalifragilisticexpialidocious")[1], ids[^2]);
    }

    [Fact]
    public void Tokenize_LowerCasesAndStripsAccents()
    {
        Assert.Equal(Tokenizer.Tokenize("hello world"), Tokenizer.Tokenize("HeLLo WORLD"));
        // Works under InvariantGlobalization, where string.Normalize does nothing.
        Assert.Equal([101, 7668, 7668, 15743, 102], Tokenizer.Tokenize("Café CAFÉ naïve"));
    }

    [Fact]
    public void Tokenize_Empty_IsClsSep()
    {
        Assert.Equal([101, 102], Tokenizer.Tokenize(""));
        Assert.Equal(2, Tokenizer.CountTokens("   "));
    }

    [Fact]
    public void PaddedBatch_PadsToLongestRowAndMasksPadding()
    {
        var batch = PaddedBatch.From([[101, 7, 102], [101, 102]], Tokenizer.PaddingId);

        Assert.Equal((2, 3), (batch.Rows, batch.Columns));
        Assert.Equal([101L, 7, 102, 101, 102, Tokenizer.PaddingId], batch.InputIds);
        Assert.Equal([1L, 1, 1, 1, 1, 0], batch.AttentionMask);
    }
}
