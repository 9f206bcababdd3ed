using System.Text.Json.Nodes;
using PowerAutomation.Grains.Workflows.Secrets;

namespace PowerAutomation.Tests.Workflows.Secrets;

public sealed class SecretMaskTests
{
    [Fact]
    public void Apply_Text_ReplacesEveryOccurrence()
    {
        var mask = new SecretMask(["s3cret"]);

        Assert.Equal("a *** b ***", mask.Apply("a s3cret b s3cret"));
        Assert.Equal("nothing here", mask.Apply("nothing here"));
    }

    [Fact]
    public void Apply_SecretsThatOverlap_MasksTheLongerWhole()
    {
        var mask = new SecretMask(["abc", "abcdef"]);

        Assert.Equal("x *** y ***", mask.Apply("x abcdef y abc"));
    }

    [Fact]
    public void Apply_Json_MasksStringsAtAnyDepthAndMemberNames_KeepsOtherValues()
    {
        var mask = new SecretMask(["tok"]);
        var node = JsonNode.Parse("""{"headers":{"x-echo":"tok"},"body":{"list":["a tok", 3, true, null],"tok":"key"}}""");

        var masked = mask.Apply(node)!;

        Assert.Equal("""{"headers":{"x-echo":"***"},"body":{"list":["a ***",3,true,null],"***":"key"}}""", masked.ToJsonString());
        Assert.Contains("tok", node!.ToJsonString()); // The original is left as it was.
    }

    [Fact]
    public void Apply_NamesThatMaskAlike_KeepTheFirst()
    {
        var masked = new SecretMask(["a", "b"]).Apply(JsonNode.Parse("""{"a":1,"b":2}"""));

        Assert.Equal("""{"***":1}""", masked!.ToJsonString());
    }

    [Fact]
    public void None_ChangesNothing()
    {
        var node = JsonNode.Parse("""{"a":"b"}""");

        Assert.Same(node, SecretMask.None.Apply(node));
        Assert.Equal("", new SecretMask([""]).Apply(""));
    }
}
