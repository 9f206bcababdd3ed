using Microsoft.ML.Tokenizers;
using PowerAutomation.Inference.Text;

namespace PowerAutomation.Inference.Embeddings;

/// <summary>
/// BERT word-piece tokenisation as all-MiniLM-L6-v2 was trained with: lower-cased, accents stripped, Chinese
/// characters split, then [CLS] pieces [SEP], cut to at most <see cref="MaxTokens"/> ids in all. The cut
/// keeps the first pieces and may split a word, as Hugging Face's truncation does.
/// </summary>
public sealed class SentenceTokenizer
{
    private readonly BertTokenizer _bert;

    private SentenceTokenizer(BertTokenizer bert, int maxTokens)
    {
        _bert = bert;
        MaxTokens = maxTokens;
    }

    /// <summary>Most ids a sentence is given, [CLS] and [SEP] included.</summary>
    public int MaxTokens { get; }

    public int PaddingId => _bert.PaddingTokenId;

    public static SentenceTokenizer FromVocabulary(Stream vocabulary, int maxTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 2);
        var bert = BertTokenizer.Create(vocabulary, new BertOptions
        {
            LowerCaseBeforeTokenization = true,
            RemoveNonSpacingMarks = true,
            IndividuallyTokenizeCjk = true,
            ApplyBasicTokenization = true,
        });
        return new SentenceTokenizer(bert, maxTokens);
    }

    /// <summary>The ids the model sees for one sentence.</summary>
    public int[] Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Decomposed here because the tokenizer's own NFD is a no-op under invariant globalization.
        // Cut the pieces ourselves: the tokenizer's own limit stops at whole words.
        var pieces = _bert.EncodeToIds(CanonicalDecomposition.Decompose(text), addSpecialTokens: false);
        var kept = Math.Min(pieces.Count, MaxTokens - 2);
        var ids = new int[kept + 2];
        ids[0] = _bert.ClassificationTokenId;
        for (var i = 0; i < kept; i++)
        {
            ids[i + 1] = pieces[i];
        }
        ids[^1] = _bert.SeparatorTokenId;
        return ids;
    }

    /// <summary>How many tokens the model processes for the text (the figure usage is metered by).</summary>
    public int CountTokens(string text) => Tokenize(text).Length;
}
