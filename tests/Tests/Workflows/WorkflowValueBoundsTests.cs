using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Abstractions.Workflows;
using PowerAutomation.Grains.Workflows;
using PowerAutomation.Grains.Workflows.Engine;
using PowerAutomation.Grains.Workflows.Steps;

namespace PowerAutomation.Tests.Workflows;

/// <summary>The pure side of issue 11's workflow bounds: measuring values, rendering within a budget, history, waits.</summary>
public sealed class WorkflowValueBoundsTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-03-01T12:00:00Z");

    [Fact]
    public void Meter_CountsCompactJson_AndRefusesInvalidText()
    {
        var value = JsonNode.Parse("""{"a":[1,"x y",null,true,false,{},[]],"b":"q","c":-1.5e3}""");
        Assert.Equal(value!.ToJsonString().Length, ValueMeter.Measure(value, 1000, 10, "v"));
        Assert.Equal(5, ValueMeter.Measure(JsonValue.Create("日本"), 1000, 10, "v") - 3); // 2 quotes + 2 × 3 bytes

        foreach (var bad in new[] { JsonValue.Create("a\0b"), JsonValue.Create("a\ud800b"), JsonValue.Create("\udc00"), JsonNode.Parse("""{"x":"\ud800"}"""), JsonNode.Parse("""{"\ud800":1}""") })
        {
            var refused = Assert.Throws<ValueRefusedException>(() => ValueMeter.Measure(bad, 1000, 10, "v"));
            Assert.Equal(WorkflowErrors.InvalidText, refused.Error.Code);
        }

        Assert.Equal(WorkflowErrors.ValueTooDeep, Assert.Throws<ValueRefusedException>(() => ValueMeter.Measure(JsonNode.Parse("[[[1]]]"), 1000, 2, "v")).Error.Code);
        Assert.Equal(WorkflowErrors.ValueTooLarge, Assert.Throws<ValueRefusedException>(() => ValueMeter.Measure(JsonValue.Create(new string('x', 100)), 50, 2, "v")).Error.Code);
    }

    [Theory]
    [InlineData("""["{{steps.a.output}}","{{steps.a.output}}"]""")]
    [InlineData("""{"x":"{{steps.a.output}}","y":"{{steps.a.output}}"}""")]
    [InlineData("\"{{steps.a.output}} and {{steps.a.output}}\"")]
    [InlineData("\"{{steps.a.output.list}} and {{steps.a.output.list}}\"")]
    public void Render_TwoCopiesOfAValueOverHalfTheBound_AreRefusedWhileRendering(string template)
    {
        var limits = RunLimits.Default with { MaxValueBytes = 4096 };
        using var input = JsonDocument.Parse(template);
        var big = template.Contains(".list", StringComparison.Ordinal)
            ? new JsonObject { ["list"] = new JsonArray(Enumerable.Range(0, 1000).Select(i => (JsonNode)JsonValue.Create(i)!).ToArray()) }
            : (JsonNode)JsonValue.Create(new string('x', 2500))!;

        var refused = Assert.Throws<ValueRefusedException>(() => TemplateRenderer.Render(input.RootElement, null, _ => big, limits));
        Assert.Equal(WorkflowErrors.ValueTooLarge, refused.Error.Code);
        Assert.NotNull(TemplateRenderer.Render(input.RootElement, null, _ => big, limits with { MaxValueBytes = 16384 }));
    }

    [Fact]
    public void Render_CountsDepthFromWhereTheValueLands()
    {
        var limits = RunLimits.Default with { MaxValueDepth = 4 };
        using var input = JsonDocument.Parse("""{"value":["{{input.v}}"]}""");
        Assert.NotNull(TemplateRenderer.Render(input.RootElement, JsonNode.Parse("""{"v":[[1]]}"""), _ => null, limits));
        var refused = Assert.Throws<ValueRefusedException>(() => TemplateRenderer.Render(input.RootElement, JsonNode.Parse("""{"v":[[[1]]]}"""), _ => null, limits));
        Assert.Equal(WorkflowErrors.ValueTooDeep, refused.Error.Code);
    }

    [Fact]
    public void Run_WhoseHistoryWouldPassMaxRunHistoryBytes_Fails_InsteadOfGrowing()
    {
        var limits = RunLimits.Default with { MaxValueBytes = 1024, MaxHistoryBytes = 6000 };
        var steps = Enumerable.Range(0, 20).Select(i => i == 0
            ? """{"id":"s0","type":"transform","input":{"value":"{{input.text}}"}}"""
            : $$$"""{"id":"s{{{i}}}","type":"transform","input":{"value":"{{steps.s{{{i - 1}}}.output}}"},"dependsOn":["s{{{i - 1}}}"]}""");
        var json = $$"""{"name":"long","steps":[{{string.Join(",", steps)}}]}""";
        var (definition, errors) = WorkflowDefinitionParser.Parse(json);
        Assert.True(definition is not null, string.Join("; ", errors.Select(e => e.Message)));
        var engine = new RunEngine(EngineHarness.Executors, limits);
        var runId = Guid.NewGuid();

        var state = RunState.Replay(runId, engine.Begin(runId, new RunStart(Guid.NewGuid(), 1, json, "{}", Guid.NewGuid()), definition,
            new JsonObject { ["text"] = new string('x', 900) }, Now));
        for (var round = 0; round < 50 && !state.IsFinished; round++)
        {
            foreach (var e in engine.Plan(state, Now))
            {
                state.Apply(e);
            }
        }

        Assert.Equal((RunStatuses.Failed, WorkflowErrors.RunTooLarge), (state.Status, state.Error!.Code));
        Assert.True(state.HistoryBytes < limits.MaxHistoryBytes + 1024, $"the history holds {state.HistoryBytes} bytes");
    }

    [Fact]
    public void Completion_WithAnOutputPastTheBounds_FailsTheStepForGood()
    {
        var json = """{"name":"call","steps":[{"id":"call","type":"http.request","input":{"method":"GET","url":"http://h/"},"retry":{"maxAttempts":5}}]}""";
        var (definition, _) = WorkflowDefinitionParser.Parse(json);
        var engine = new RunEngine(EngineHarness.Executors, RunLimits.Default with { MaxValueDepth = 8 });
        var runId = Guid.NewGuid();
        var state = RunState.Replay(runId, engine.Begin(runId, new RunStart(Guid.NewGuid(), 1, json, "{}", Guid.NewGuid()), definition!, null, Now));

        var deep = new string('[', 70) + new string(']', 70);
        foreach (var e in engine.Complete(state, new StepCompletion("call", 1, deep, null, false), Now))
        {
            state.Apply(e);
        }

        Assert.Equal((RunStatuses.Failed, WorkflowErrors.ValueTooDeep, "call"), (state.Status, state.Error!.Code, state.Error.StepId));
    }

    [Fact]
    public void LongWaits_AreArmedInLegsThatNeverOverflowATimer()
    {
        var due = Now + TimeSpan.FromDays(365);
        Assert.Equal(WakeSchedule.LongestTimer, WakeSchedule.ArmFor(due, Now, WakeSchedule.LongestTimer));
        Assert.Equal(TimeSpan.FromMinutes(3), WakeSchedule.ArmFor(Now.AddMinutes(3), Now, WakeSchedule.LongestTimer));
        Assert.Equal(TimeSpan.Zero, WakeSchedule.ArmFor(Now.AddMinutes(-3), Now, WakeSchedule.LongestTimer));

        Assert.True(WakeSchedule.StillServes(due, due, Now));                          // armed for the wake itself
        Assert.True(WakeSchedule.StillServes(Now.AddDays(1), due, Now));               // an earlier leg, still to fire
        Assert.False(WakeSchedule.StillServes(Now.AddDays(-1), due, Now));             // a leg that fired: arm the next
        Assert.False(WakeSchedule.StillServes(Now.AddDays(2), Now.AddDays(1), Now));   // the wake moved earlier
        Assert.False(WakeSchedule.StillServes(null, due, Now));
    }

    [Theory]
    [InlineData(100, 10.0, 99)]
    [InlineData(100, double.MaxValue, 50)]
    [InlineData(100, double.NaN, 3)]
    [InlineData(100, double.PositiveInfinity, 2)]
    public void RetryDelays_AreClampedToADay_WhateverThePolicySays(int maxAttempts, double factor, int failedAttempt)
    {
        var policy = new RetryPolicy(maxAttempts, TimeSpan.MaxValue, factor);
        var delay = policy.DelayAfter(failedAttempt)!.Value;
        Assert.InRange(delay, TimeSpan.Zero, RetryPolicy.LongestDelay);
        Assert.Equal(RetryPolicy.LongestDelay, new RetryPolicy(maxAttempts, TimeSpan.FromSeconds(1), factor).DelayAfter(failedAttempt));
    }

    [Fact]
    public void Definition_DelayPastMaxDelay_IsRefusedAtSave_ButARecordedOneStillReplays()
    {
        var json = """{"name":"d","steps":[{"id":"nap","type":"delay","input":{"duration":"P60D"}}]}""";
        var (refused, errors) = WorkflowDefinitionParser.Parse(json, new DefinitionLimits(TimeSpan.FromDays(30), 32));
        Assert.Null(refused);
        Assert.Equal(("nap", "input.duration"), (errors[0].StepId, errors[0].Field));
        Assert.NotNull(WorkflowDefinitionParser.Parse(json).Definition);
    }

    [Theory]
    [InlineData("""{"value":"a\u0000b"}""")]
    [InlineData("""{"value":"a\ud800b"}""")]
    [InlineData("""{"\udc00":1}""")]
    public void Definition_InputWithWhatIsNotText_IsRefusedAtSave_AsInvalidJson(string input)
    {
        var json = $$"""{"name":"t","steps":[{"id":"odd","type":"transform","input":{{input}}}]}""";
        var (refused, errors) = WorkflowDefinitionParser.Parse(json, new DefinitionLimits(TimeSpan.FromDays(30), 32));
        Assert.Null(refused);
        Assert.Contains(errors, e => e.Code == WorkflowErrors.InvalidJson);
    }

    [Fact]
    public void Options_AHistoryBoundBelowFourValues_IsRefusedAtStart()
    {
        var options = new WorkflowOptions { MaxValueBytes = 8 * 1024 * 1024, MaxRunHistoryBytes = 16 * 1024 * 1024 };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(WorkflowOptions.MaxRunHistoryBytes)));
        var defaults = new WorkflowOptions();
        Assert.True(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(defaults, new(defaults), [], validateAllProperties: true));
    }

    [Fact]
    public async Task DelayStep_RenderedPastMaxDelay_Fails_NeverOverflowsTheDueTime()
    {
        var step = new DelayStep(Options.Create(new WorkflowOptions()));
        var context = new StepContext(Guid.NewGuid(), "nap", 1, Guid.NewGuid(), JsonNode.Parse("""{"duration":"P3000000D"}"""), "k", Now);
        var failed = Assert.IsType<StepOutcome.Failed>(await step.ExecuteAsync(context, CancellationToken.None));
        Assert.Equal((WorkflowErrors.InvalidInput, false), (failed.Error.Code, failed.Retryable));
    }
}
