using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Grains.Abstractions.Workflows;
using PowerAutomation.Grains.Workflows.Engine;

namespace PowerAutomation.Tests.Workflows.Secrets;

/// <summary><c>{{secrets.NAME}}</c> in definitions and rendering: where it may stand, and that rendering never fills it in.</summary>
public sealed class SecretTemplateTests
{
    [Fact]
    public void Render_ForAnHttpStep_LeavesThePlaceholdersAsWritten()
    {
        var input = Element("""{"headers":{"Authorization":"Bearer {{ secrets.token }}"},"body":{"key":"{{secrets.token}}","user":"{{input.user}}"}}""");

        var rendered = TemplateRenderer.Render(input, JsonNode.Parse("""{"user":"ada"}"""), _ => null, RunLimits.Default, keepSecrets: true)!;

        Assert.Equal("""{"headers":{"Authorization":"Bearer {{ secrets.token }}"},"body":{"key":"{{secrets.token}}","user":"ada"}}""", rendered.ToJsonString());
    }

    [Theory]
    [InlineData("""{"body":"{{input.text}}"}""", """{"text":"{{secrets.token}}"}""")]
    [InlineData("""{"body":"say {{input.text}}"}""", """{"text":"{{ secrets.token }}"}""")]
    [InlineData("""{"body":"{{input.obj}}"}""", """{"obj":{"deep":["{{secrets.token}}"]}}""")]
    [InlineData("""{"body":"{{input.half}}}"}""", """{"half":"{{secrets.token}"}""")]
    [InlineData("""{"body":"x{{input.a}}{{input.b}}"}""", """{"a":"{{secrets.","b":"token}}"}""")]
    public void Render_AValueThatWouldAddAPlaceholder_IsRefused(string input, string runInput)
    {
        var refused = Assert.Throws<TemplateException>(() =>
            TemplateRenderer.Render(Element(input), JsonNode.Parse(runInput), _ => null, RunLimits.Default, keepSecrets: true));
        Assert.Contains("secrets", refused.Message);
    }

    [Fact]
    public void Render_ForAnyOtherStep_RefusesAPlaceholder()
    {
        Assert.Throws<TemplateException>(() => TemplateRenderer.Render(Element("""{"value":"{{secrets.token}}"}"""), null, _ => null, RunLimits.Default));
    }

    [Fact]
    public void Render_DataWithAPlaceholder_IsJustDataForOtherSteps()
    {
        var rendered = TemplateRenderer.Render(Element("""{"value":"{{input.text}}"}"""), JsonNode.Parse("""{"text":"{{secrets.token}}"}"""), _ => null, RunLimits.Default);

        Assert.Equal("{{secrets.token}}", rendered!["value"]!.GetValue<string>());
    }

    [Fact]
    public void Parse_SecretsInHttpHeadersAndBody_AreAccepted()
    {
        var (definition, errors) = WorkflowDefinitionParser.Parse("""
            {"name":"w","steps":[{"id":"a","type":"http.request","input":{"method":"POST","url":"https://api.example.com/x",
              "headers":{"Authorization":"Bearer {{secrets.token}}"},"body":{"nested":["{{ secrets.other-key }}"]}}}]}
            """);

        Assert.True(definition is not null, string.Join("; ", errors.Select(e => e.Message)));
    }

    [Theory]
    [InlineData("http.request", """{"method":"GET","url":"https://api.example.com/?key={{secrets.token}}"}""", "input.url")]
    [InlineData("transform", """{"value":"{{secrets.token}}"}""", "input.value")]
    [InlineData("wait.signal", """{"name":"go","note":"{{secrets.token}}"}""", "input.note")]
    public void Parse_SecretsAnywhereElse_AreRefusedNamingTheField(string type, string input, string field)
    {
        var (definition, errors) = WorkflowDefinitionParser.Parse($$"""{"name":"w","steps":[{"id":"a","type":"{{type}}","input":{{input}}}]}""");

        Assert.Null(definition);
        Assert.Contains(errors, e => e.StepId == "a" && e.Message.Contains(field, StringComparison.Ordinal) && e.Message.Contains("{{secrets.token}}", StringComparison.Ordinal));
    }

    [Fact]
    public void Condition_CannotReadASecret()
    {
        var (definition, _) = WorkflowDefinitionParser.Parse("""{"name":"w","steps":[{"id":"a","type":"if","input":{"condition":"{{ secrets.token == 'x' }}"}}]}""");

        Assert.Null(definition);
    }

    private static JsonElement Element(string json) => JsonDocument.Parse(json).RootElement;
}
