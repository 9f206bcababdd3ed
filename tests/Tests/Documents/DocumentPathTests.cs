using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Tests.Documents;

/// <summary>The path rule of API.md ("Files and projects"), on its own.</summary>
public sealed class DocumentPathTests
{
    [Theory]
    [InlineData("../../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("..\\..\\x")]
    [InlineData("a\\b")]
    [InlineData("a/./b")]
    [InlineData("a/../b")]
    [InlineData(".")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("invoice\u202Etxt.exe")]
    [InlineData("a\u2066b")]
    [InlineData("a\u200Fb")]
    [InlineData("a\u0000b")]
    [InlineData("a\nb")]
    [InlineData("a\u0085b")]
    public void BadPaths_AreRefused(string path)
    {
        Assert.False(DocumentPath.TryNormalize(path, out _, out var problem));
        Assert.NotEmpty(problem);
        Assert.False(DocumentPath.IsNormal(path));
    }

    [Fact]
    public void NullOverlongAndIllFormedPaths_AreRefused()
    {
        Assert.False(DocumentPath.TryNormalize(null, out _, out _));
        Assert.False(DocumentPath.TryNormalize("lone" + (char)0xD800, out _, out _));
        Assert.False(DocumentPath.TryNormalize((char)0xDC00 + "x", out _, out _));
        Assert.True(DocumentPath.TryNormalize(new string('a', DocumentPath.MaxLength), out _, out _));
        Assert.False(DocumentPath.TryNormalize(new string('a', DocumentPath.MaxLength + 1), out _, out _));
        Assert.False(DocumentPath.TryNormalize(new string('a', 100_000), out _, out _));
    }

    [Theory]
    [InlineData("doc.txt")]
    [InlineData("src/Net/RetryingSocket.cs")]
    [InlineData("notes/.hidden/a..b.md")]
    [InlineData("日本語/ファイル.md")]
    [InlineData("emoji/😀.txt")]
    public void GoodPaths_AreKeptAsTheyAre(string path)
    {
        Assert.True(DocumentPath.TryNormalize(path, out var normalized, out _));
        Assert.Equal(path, normalized);
        Assert.True(DocumentPath.IsNormal(path));
    }

    [Fact]
    public void NfcAndNfdTwins_NormaliseToOnePath()
    {
        const string nfc = "caf\u00E9/r\u00E9sum\u00E9.md";
        const string nfd = "cafe\u0301/re\u0301sume\u0301.md";
        Assert.NotEqual(nfc, nfd);

        Assert.True(DocumentPath.TryNormalize(nfd, out var fromNfd, out _));
        Assert.True(DocumentPath.TryNormalize(nfc, out var fromNfc, out _));
        Assert.Equal(nfc, fromNfd);
        Assert.Equal(nfc, fromNfc);
        Assert.False(DocumentPath.IsNormal(nfd));
    }

    [Theory]
    [InlineData("e\u0301", "\u00E9")]
    [InlineData("a\u0323\u0302", "\u1EAD")]
    [InlineData("a\u0302\u0323", "\u1EAD")]
    [InlineData("\u1100\u1161\u11A8", "\uAC01")]
    [InlineData("\uAC00\u11A8", "\uAC01")]
    [InlineData("\u212B", "\u00C5")]
    [InlineData("\u0344", "\u0308\u0301")]
    [InlineData("q\u0307\u0323", "q\u0323\u0307")]
    [InlineData("\u0958", "\u0915\u093C")]
    [InlineData("\u0B47\u0B3E", "\u0B4B")]
    [InlineData("\u1E9B\u0323", "\u1E9B\u0323")]
    [InlineData("\u0301a", "\u0301a")]
    [InlineData("plain/ascii.txt", "plain/ascii.txt")]
    public void UnicodeNfc_MatchesTheUnicodeAlgorithm(string text, string nfc) => Assert.Equal(nfc, UnicodeNfc.Normalize(text));
}
