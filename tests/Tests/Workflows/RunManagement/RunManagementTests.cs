using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Abstractions.Workflows;
using PowerAutomation.Grains.Workflows;
using PowerAutomation.Grains.Workflows.Engine;
using PowerAutomation.Grains.Workflows.Steps;

namespace PowerAutomation.Tests.Workflows.RunManagement;

/// <summary>The engine's pause, resume and retry, pure: what starts when, and which attempt each start is.</summary>
public sealed class RunManagementTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-03-01T12:00:00Z");

    private static readonly StepExecutors Executors = new([
        new TransformStep(), new DelayStep(Options.Create(new WorkflowOptions())), new WaitSignalStep(),
        new Stub(StepTypes.HttpRequest), new Stub(StepTypes.DocumentEdit), new Stub(StepTypes.AiChat),
    ]);

    private const string Chain = """
        {"name":"chain","steps":[
          {"id":"prep","type":"transform","input":{"value":1}},
          {"id":"call","type":"http.request","input":{"method":"GET","url":"http://h/x"},"dependsOn":["prep"]},
          {"id":"use","type":"http.request","input":{"method":"GET","url":"http://h/y"},"dependsOn":["call"]}]}
        """;

    private readonly RunEngine _engine = new(Executors, RunLimits.Default);

    [Fact]
    public void Paused_AResultIsStillRecorded_ButTheStepAfterItWaitsForResume()
    {
        var state = Begin(Chain);
        Apply(state, _engine.Plan(state, Now)); // call starts
        Assert.Equal(RunStatuses.Running, state.Step("call").Status);

        Apply(state, RunEngine.Pause(state, Now));
        Assert.Empty(RunEngine.Pause(state, Now));
        Apply(state, _engine.Complete(state, new StepCompletion("call", 1, "{}", null, false), Now));
        Assert.Equal(RunStatuses.Succeeded, state.Step("call").Status);
        Assert.Empty(_engine.Plan(state, Now));
        Assert.Equal(RunStatuses.Pending, state.Step("use").Status);

        Apply(state, RunEngine.Resume(state, Now));
        Assert.False(state.Paused);
        Assert.Equal([(RunEventTypes.StepStarted, "use")], _engine.Plan(state, Now).Select(e => (e.Type, e.StepId!)));
    }

    [Fact]
    public void Retry_StartsTheFailedStepsNextAttempt_AndNeverRerunsWhatSucceeded()
    {
        var state = Begin(Chain);
        Apply(state, _engine.Plan(state, Now));
        Apply(state, _engine.Complete(state, new StepCompletion("call", 1, null, new RunError("http_failed", "503", "call"), false), Now));
        Assert.Equal(RunStatuses.Failed, state.Outcome);
        Assert.Empty(RunEngine.Pause(state, Now));

        var retried = Apply(state, RunEngine.Retry(state, Now));
        Assert.Equal(RunEventTypes.RunRetried, Assert.Single(retried).Type);
        Assert.False(state.IsFinished);
        Assert.Null(state.Error);
        var restart = Apply(state, _engine.Plan(state, Now));
        var started = Assert.Single(restart);
        Assert.Equal(("call", 2), (started.StepId, started.Attempt));
        Assert.Contains($"{state.RunId:N}.call.2", started.DataJson, StringComparison.Ordinal);
        Assert.Equal(RunStatuses.Succeeded, state.Step("prep").Status);

        Apply(state, _engine.Complete(state, new StepCompletion("call", 2, "{}", null, false), Now));
        Apply(state, _engine.Plan(state, Now));
        Apply(state, _engine.Complete(state, new StepCompletion("use", 1, "{}", null, false), Now));
        Assert.Equal(RunStatuses.Succeeded, state.Outcome);
        Assert.Empty(RunEngine.Retry(state, Now));
    }

    private RunState Begin(string json)
    {
        var (definition, errors) = WorkflowDefinitionParser.Parse(json);
        Assert.True(definition is not null, string.Join("; ", errors.Select(e => e.Message)));
        var runId = Guid.NewGuid();
        return RunState.Replay(runId, _engine.Begin(runId, new RunStart(Guid.NewGuid(), 1, json, "{}", Guid.NewGuid()), definition, new JsonObject(), Now));
    }

    private static IReadOnlyList<RunEvent> Apply(RunState state, IReadOnlyList<RunEvent> events)
    {
        foreach (var e in events)
        {
            state.Apply(e);
        }

        return events;
    }

    private sealed class Stub(string type) : IStepExecutor
    {
        public string Type => type;

        public bool HasSideEffects => true;

        public Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
