using System.Text.Json.Nodes;
using PowerAutomation.Grains.Abstractions.Workflows;
using PowerAutomation.Grains.Workflows.Engine;

namespace PowerAutomation.Tests.Workflows.ControlFlow;

/// <summary>The engine's <c>if</c>: decided on recorded values, false branches skipped transitively, refusals at save.</summary>
public sealed class IfStepTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-03-01T12:00:00Z");

    private const string Branches = """
        {"name":"branches","steps":[
          {"id":"size","type":"transform","input":{"value":{"n":"{{input.n}}"}}},
          {"id":"big","type":"if","input":{"condition":"{{ steps.size.output.n > 10 }}"},"dependsOn":["size"]},
          {"id":"small","type":"if","input":{"condition":"{{ not (steps.size.output.n > 10) }}"},"dependsOn":["size"]},
          {"id":"shout","type":"transform","input":{"value":"BIG"},"dependsOn":["big"]},
          {"id":"after-shout","type":"transform","input":{"value":"{{steps.shout.output}}!"},"dependsOn":["shout"]},
          {"id":"whisper","type":"transform","input":{"value":"small"},"dependsOn":["small"]}]}
        """;

    [Theory]
    [InlineData(50, "big", "small")]
    [InlineData(3, "small", "big")]
    public void FalseBranch_IsSkippedTransitively_TrueBranchRuns_AndTheRunSucceeds(int n, string taken, string notTaken)
    {
        var state = Drive(Branches, new JsonObject { ["n"] = n });

        Assert.Equal(RunStatuses.Succeeded, state.Outcome);
        Assert.True(state.Step(taken).Output!["result"]!.GetValue<bool>());
        Assert.False(state.Step(notTaken).Output!["result"]!.GetValue<bool>());
        string[] bigBranch = ["shout", "after-shout"];
        foreach (var id in bigBranch)
        {
            Assert.Equal(taken == "big" ? RunStatuses.Succeeded : RunStatuses.Skipped, state.Step(id).Status);
        }

        Assert.Equal(taken == "small" ? RunStatuses.Succeeded : RunStatuses.Skipped, state.Step("whisper").Status);
        Assert.Equal(taken == "big" ? "BIG!" : null, state.Step("after-shout").Output?.GetValue<string>());
        // The run's output keys its final steps; a skipped one gives null.
        Assert.Equal(taken == "small" ? "small" : null, state.Output!["whisper"]?.GetValue<string>());
    }

    [Fact]
    public void ReplayingTheHistory_GivesTheSameDecisions()
    {
        var events = new List<RunEvent>();
        var state = Drive(Branches, new JsonObject { ["n"] = 50 }, events);
        var replayed = RunState.Replay(state.RunId, events);
        Assert.Equal(state.Steps.Select(s => (s.Id, s.Status)), replayed.Steps.Select(s => (s.Id, s.Status)));
        Assert.Contains(events, e => e.Type == RunEventTypes.StepSkipped && e.StepId == "whisper");
    }

    [Theory]
    [InlineData("{{ input.n }}", WorkflowErrors.InvalidCondition)]
    [InlineData("{{ input.n > 'ten' }}", WorkflowErrors.InvalidCondition)]
    [InlineData("{{ input.missing > 1 }}", WorkflowErrors.TemplateUnresolved)]
    public void ACondition_ThatCannotBeDecided_FailsTheRunWithoutRetrying(string condition, string code)
    {
        var check = new JsonObject
        {
            ["id"] = "check", ["type"] = "if", ["input"] = new JsonObject { ["condition"] = condition },
            ["retry"] = new JsonObject { ["maxAttempts"] = 5, ["initialDelay"] = "PT1S" },
        };
        var json = new JsonObject
        {
            ["name"] = "bad",
            ["steps"] = new JsonArray(check, JsonNode.Parse("""{"id":"then","type":"transform","input":{"value":1},"dependsOn":["check"]}""")),
        }.ToJsonString();
        var state = Drive(json, new JsonObject { ["n"] = 5 });
        Assert.Equal(RunStatuses.Failed, state.Outcome);
        Assert.Equal((code, "check"), (state.Error!.Code, state.Error.StepId));
        Assert.Equal(1, state.Step("check").Attempt);
    }

    [Theory]
    [InlineData("""{"condition":"input.n > 3"}""", "one template")]
    [InlineData("""{"condition":"{{ input.n > }}"}""", "ends where a value")]
    [InlineData("""{}""", "input.condition is required")]
    [InlineData("""{"condition":"{{ steps.later.output == 1 }}"}""", "does not depend on 'later'")]
    [InlineData("""{"condition":"{{ steps.nowhere.output == 1 }}"}""", "there is no step 'nowhere'")]
    public void Definitions_WithABadCondition_AreRefusedWhenSaved(string input, string why)
    {
        var json = new JsonObject
        {
            ["name"] = "bad",
            ["steps"] = new JsonArray(new JsonObject { ["id"] = "check", ["type"] = "if", ["input"] = JsonNode.Parse(input) },
                JsonNode.Parse("""{"id":"later","type":"transform","input":{"value":1}}""")),
        }.ToJsonString();
        var (definition, errors) = WorkflowDefinitionParser.Parse(json);
        Assert.Null(definition);
        Assert.Contains(errors, e => e.StepId == "check" && e.Message.Contains(why, StringComparison.Ordinal));
    }

    private static RunState Drive(string json, JsonObject input, List<RunEvent>? log = null)
    {
        var engine = new RunEngine(EngineHarness.Executors, RunLimits.Default);
        var state = EngineHarness.Begin(engine, json, input, Now, out var first);
        log?.AddRange(first);
        for (var round = 0; round < 20 && !state.IsFinished; round++)
        {
            var next = EngineHarness.Apply(state, engine.Plan(state, Now));
            log?.AddRange(next);
        }

        return state;
    }
}
