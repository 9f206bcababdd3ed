using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Gateway.Agents.Tools;

namespace PowerAutomation.Tests.Agents;

public sealed class ToolInputValidatorTests
{
    private static readonly JsonObject Schema = JsonNode.Parse("""
        {"type":"object","required":["documentId","edits"],"additionalProperties":false,
         "properties":{"documentId":{"type":"string","format":"uuid"},
                       "edits":{"type":"array","maxItems":2,"items":{"type":"object","required":["from"],"properties":{"from":{"type":"integer","minimum":0}}}}}}
        """)!.AsObject();

    [Theory]
    [InlineData("""{"edits":[]}""", "documentId")]
    [InlineData("""{"documentId":"nope","edits":[]}""", "documentId")]
    [InlineData("""{"documentId":"5b0a4f4e-4a4e-4d7e-9f7b-0c7c3f1d2a11","edits":[{"from":-1}]}""", "edits[0].from")]
    [InlineData("""{"documentId":"5b0a4f4e-4a4e-4d7e-9f7b-0c7c3f1d2a11","edits":[{"from":"1"}]}""", "edits[0].from")]
    [InlineData("""{"documentId":"5b0a4f4e-4a4e-4d7e-9f7b-0c7c3f1d2a11","edits":[{},{},{}]}""", "edits")]
    [InlineData("""{"documentId":"5b0a4f4e-4a4e-4d7e-9f7b-0c7c3f1d2a11","edits":[],"extra":1}""", "extra")]
    public void Validate_NamesTheFirstBadField(string arguments, string field) =>
        Assert.Equal(field, ToolInputValidator.Validate(Schema, JsonDocument.Parse(arguments).RootElement)?.Field);

    [Fact]
    public void Validate_GoodArguments_Pass() =>
        Assert.Null(ToolInputValidator.Validate(Schema, JsonDocument.Parse("""{"documentId":"5b0a4f4e-4a4e-4d7e-9f7b-0c7c3f1d2a11","edits":[{"from":3}]}""").RootElement));
}
