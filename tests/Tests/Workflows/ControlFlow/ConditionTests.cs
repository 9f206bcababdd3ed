using System.Text.Json.Nodes;
using PowerAutomation.Grains.Abstractions.Workflows.Conditions;
using PowerAutomation.Grains.Workflows.Engine;

namespace PowerAutomation.Tests.Workflows.ControlFlow;

/// <summary>The <c>if</c> step's condition language: parsing (refused when a definition is saved) and deciding, both pure.</summary>
public sealed class ConditionTests
{
    private static readonly JsonNode Input = JsonNode.Parse("""
        {"count":5,"name":"Ada","tags":["a","b"],"flag":true,"none":null,"nested":{"ratio":0.5},"price":"5"}
        """)!;

    private static readonly JsonNode FetchOutput = JsonNode.Parse("""{"status":200,"body":{"ok":true,"items":[1,2,3]}}""")!;

    [Theory]
    [InlineData("{{ input.count > 3 }}", true)]
    [InlineData("{{input.count>=5}}", true)]
    [InlineData("{{ input.count < 5 }}", false)]
    [InlineData("{{ input.count == 5.0 }}", true)]
    [InlineData("{{ input.count != 5 }}", false)]
    [InlineData("{{ input.name == 'Ada' }}", true)]
    [InlineData("{{ input.name == \"Bob\" }}", false)]
    [InlineData("{{ input.name < 'B' }}", true)]
    [InlineData("{{ input.flag }}", true)]
    [InlineData("{{ not input.flag }}", false)]
    [InlineData("{{ input.flag and input.count > 4 }}", true)]
    [InlineData("{{ input.count > 10 or input.name == 'Ada' }}", true)]
    [InlineData("{{ not (input.count > 10 or input.name == 'Bob') }}", true)]
    [InlineData("{{ exists(input.name) }}", true)]
    [InlineData("{{ exists(input.missing) }}", false)]
    [InlineData("{{ exists(input.none) }}", false)]
    [InlineData("{{ input.none == null }}", true)]
    [InlineData("{{ exists(input.missing) and input.missing > 3 }}", false)]
    [InlineData("{{ input.tags.1 == 'b' }}", true)]
    [InlineData("{{ input.nested.ratio < 1 }}", true)]
    [InlineData("{{ input.price == 5 }}", false)]
    [InlineData("{{ steps.fetch.output.status == 200 and steps.fetch.output.body.ok }}", true)]
    [InlineData("{{ steps.fetch.output.body.items.2 >= -3e0 }}", true)]
    [InlineData("{{ true and not false }}", true)]
    public void Decide_EvaluatesComparisonsLogicAndExists(string condition, bool expected) =>
        Assert.Equal(expected, ConditionEvaluator.Decide(Condition.Parse(condition), Input, id => id == "fetch" ? FetchOutput : null));

    [Theory]
    [InlineData("input.count > 3", "one template")]
    [InlineData("{{ input.count > }}", "ends where a value")]
    [InlineData("{{ input.count > 3 3 }}", "does not continue")]
    [InlineData("{{ (input.count > 3 }}", "')' was expected")]
    [InlineData("{{ input.count = 3 }}", "'=' at")]
    [InlineData("{{ 'open }}", "never closed")]
    [InlineData("{{ exists('x') }}", "needs a reference")]
    [InlineData("{{ user.name == 'x' }}", "not a reference")]
    [InlineData("{{ and input.flag }}", "needs a value before")]
    [InlineData("{{ input.a }} {{ input.b }}", "one template")]
    public void Parse_RefusesWhatIsNotWellFormed_SayingWhy(string condition, string why)
    {
        var refused = Assert.Throws<ConditionSyntaxException>(() => Condition.Parse(condition));
        Assert.Contains(why, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_IsBounded_InLengthAndNesting()
    {
        Assert.Throws<ConditionSyntaxException>(() => Condition.Parse("{{ " + string.Join(" and ", Enumerable.Repeat("true", 500)) + " }}"));
        var deep = "{{ " + new string('(', 40) + "true" + new string(')', 40) + " }}";
        Assert.Contains("nests deeper", Assert.Throws<ConditionSyntaxException>(() => Condition.Parse(deep)).Message, StringComparison.Ordinal);
        var nots = "{{ " + string.Concat(Enumerable.Repeat("not ", 40)) + "true }}";
        Assert.Throws<ConditionSyntaxException>(() => Condition.Parse(nots));
        Assert.True(ConditionEvaluator.Decide(Condition.Parse("{{ " + new string('(', 20) + "true" + new string(')', 20) + " }}"), null, _ => null));
    }

    [Theory]
    [InlineData("{{ input.count }}", "not true or false")]
    [InlineData("{{ input.name > 3 }}", "two numbers or two texts")]
    [InlineData("{{ input.count and true }}", "'and' takes true or false")]
    [InlineData("{{ not input.tags }}", "'not' takes true or false, not a list")]
    public void Decide_RefusesWhatCannotBeDecided(string condition, string why) =>
        Assert.Contains(why, Assert.Throws<ConditionException>(() => ConditionEvaluator.Decide(Condition.Parse(condition), Input, _ => null)).Message,
            StringComparison.Ordinal);

    [Fact]
    public void Decide_AMissingReferenceOutsideExists_IsUnresolved() =>
        Assert.Contains("exists(", Assert.Throws<TemplateException>(() => ConditionEvaluator.Decide(Condition.Parse("{{ input.missing > 3 }}"), Input, _ => null)).Message,
            StringComparison.Ordinal);

    [Fact]
    public void References_AreEveryPathTheConditionReads() =>
        Assert.Equal(["{{input.count}}", "{{steps.fetch.output.status}}", "{{steps.other.output}}"],
            Condition.References(Condition.Parse("{{ input.count > 1 and (steps.fetch.output.status == 200 or not exists(steps.other.output)) }}"))
                .Select(r => r.Text));
}
