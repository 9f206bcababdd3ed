using PowerAutomation.Inference.Text;

namespace PowerAutomation.Tests.Embeddings;

public sealed class CanonicalDecompositionTests
{
    [Theory]
    [InlineData("plain ascii", "plain ascii")]
    [InlineData("Café", "Cafe\u0301")]
    [InlineData("ǖ", "u\u0308\u0304")] // decomposes twice over
    [InlineData("한", "\u1112\u1161\u11AB")] // Hangul, computed
    [InlineData("가", "\u1100\u1161")] // Hangul without a trailing consonant
    [InlineData("\uFA10", "\u585A")] // CJK compatibility ideograph
    [InlineData("𝅗𝅥 and 🚀", "\U0001D157\U0001D165 and 🚀")] // outside the BMP
    public void Decompose_GivesFullCanonicalDecomposition(string text, string expected) =>
        Assert.Equal(expected, CanonicalDecomposition.Decompose(text));
}
