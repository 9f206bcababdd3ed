using System.Text.Json.Nodes;
using PowerAutomation.Grains.Abstractions.Workflows;
using PowerAutomation.Grains.Workflows.Engine;

namespace PowerAutomation.Tests.Workflows.RunManagement;

/// <summary>The engine's pause, resume and retry, pure: what starts when, and which attempt each start is.</summary>
public sealed class RunManagementTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-03-01T12:00:00Z");

    private const string Chain = """
        {"name":"chain","steps":[
          {"id":"prep","type":"transform","input":{"value":1}},
          {"id":"call","type":"http.request","input":{"method":"GET","url":"http://h/x"},"dependsOn":["prep"]},
          {"id":"use","type":"http.request","input":{"method":"GET","url":"http://h/y"},"dependsOn":["call"]}]}
        """;

    private readonly RunEngine _engine = new(EngineHarness.Executors, RunLimits.Default);

    [Fact]
    public void Paused_AResultIsStillRecorded_ButTheStepAfterItWaitsForResume()
    {
        var state = Begin(Chain);
        EngineHarness.Apply(state, _engine.Plan(state, Now)); // call starts
        Assert.Equal(RunStatuses.Running, state.Step("call").Status);

        EngineHarness.Apply(state, RunEngine.Pause(state, Now));
        Assert.Empty(RunEngine.Pause(state, Now));
        EngineHarness.Apply(state, _engine.Complete(state, new StepCompletion("call", 1, "{}", null, false), Now));
        Assert.Equal(RunStatuses.Succeeded, state.Step("call").Status);
        Assert.Empty(_engine.Plan(state, Now));
        Assert.Equal(RunStatuses.Pending, state.Step("use").Status);

        EngineHarness.Apply(state, RunEngine.Resume(state, Now));
        Assert.False(state.Paused);
        Assert.Equal([(RunEventTypes.StepStarted, "use")], _engine.Plan(state, Now).Select(e => (e.Type, e.StepId!)));
    }

    [Fact]
    public void Retry_StartsTheFailedStepsNextAttempt_AndNeverRerunsWhatSucceeded()
    {
        var state = Begin(Chain);
        EngineHarness.Apply(state, _engine.Plan(state, Now));
        EngineHarness.Apply(state, _engine.Complete(state, new StepCompletion("call", 1, null, new RunError("http_failed", "503", "call"), false), Now));
        Assert.Equal(RunStatuses.Failed, state.Outcome);
        Assert.Empty(RunEngine.Pause(state, Now));

        var retried = EngineHarness.Apply(state, RunEngine.Retry(state, Now));
        Assert.Equal(RunEventTypes.RunRetried, Assert.Single(retried).Type);
        Assert.False(state.IsFinished);
        Assert.Null(state.Error);
        var restart = EngineHarness.Apply(state, _engine.Plan(state, Now));
        var started = Assert.Single(restart);
        Assert.Equal(("call", 2), (started.StepId, started.Attempt));
        Assert.Contains($"{state.RunId:N}.call.2", started.DataJson, StringComparison.Ordinal);
        Assert.Equal(RunStatuses.Succeeded, state.Step("prep").Status);

        EngineHarness.Apply(state, _engine.Complete(state, new StepCompletion("call", 2, "{}", null, false), Now));
        EngineHarness.Apply(state, _engine.Plan(state, Now));
        EngineHarness.Apply(state, _engine.Complete(state, new StepCompletion("use", 1, "{}", null, false), Now));
        Assert.Equal(RunStatuses.Succeeded, state.Outcome);
        Assert.Empty(RunEngine.Retry(state, Now));
    }

    private RunState Begin(string json) => EngineHarness.Begin(_engine, json, new JsonObject(), Now, out _);
}
