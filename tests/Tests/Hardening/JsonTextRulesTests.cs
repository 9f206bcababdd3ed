using System.Text;
using PowerAutomation.Grains.Abstractions.Json;

namespace PowerAutomation.Tests.Hardening;

public sealed class JsonTextRulesTests
{
    [Theory]
    [InlineData("""{"a":"\ud800"}""")]
    [InlineData("""{"a":"\udc00x"}""")]
    [InlineData("""{"a":"x\ud800\u0041"}""")]
    [InlineData("""{"a":"\u0000"}""")]
    [InlineData("""{"\ud800":1}""")]
    [InlineData("""[["deep", ["\ud83d"]]]""")]
    public void FindUnusableString_UnpairedSurrogateOrNul_IsFound(string json) =>
        Assert.NotNull(JsonTextRules.FindUnusableString(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("""{"a":"\ud83d\ude00","b":"😀","c":"tab\there","d":"é"}""")]
    [InlineData("""{"broken":""")]
    [InlineData("""[1,2,3]""")]
    public void FindUnusableString_ValidTextOrSyntaxError_FindsNothing(string json) =>
        Assert.Null(JsonTextRules.FindUnusableString(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void FindUnusableString_BytesThatAreNotUtf8_IsFound()
    {
        byte[] json = [.. "{\"a\":\""u8, 0xC3, 0x28, .. "\"}"u8];
        Assert.NotNull(JsonTextRules.FindUnusableString(json));
    }

    [Fact]
    public void FindUnusableString_NamesTheProperty()
    {
        var problem = JsonTextRules.FindUnusableString("""{"displayName":"a\u0000b"}"""u8);
        Assert.Contains("displayName", problem);
    }

    // Built in code: xunit's theory data would turn a lone surrogate into U+FFFD on the way to the test.
    public static TheoryData<string, bool> Texts => new()
    {
        { "plain", true },
        { "\ud83d\ude00", true },
        { new string('\ud800', 1), false },
        { "x" + '\udc00', false },
        { "a\0b", false },
    };

    [Theory]
    [MemberData(nameof(Texts), DisableDiscoveryEnumeration = true)]
    public void IsStorable_MatchesPostgresAndTheJsonWriter(string text, bool storable) =>
        Assert.Equal(storable, JsonTextRules.IsStorable(text));
}
