using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Abstractions.Workflows;
using PowerAutomation.Grains.Workflows;
using PowerAutomation.Grains.Workflows.Engine;
using PowerAutomation.Grains.Workflows.Steps;

namespace PowerAutomation.Tests.Workflows;

/// <summary>
/// The pure run engine as its tests drive it: the real executors without side effects, the side-effecting ones as
/// stubs whose start is recorded and whose result the test reports; a definition that must parse; events applied.
/// </summary>
public static class EngineHarness
{
    public static StepExecutors Executors { get; } = new([
        new TransformStep(), new DelayStep(Options.Create(new WorkflowOptions())), new WaitSignalStep(),
        new Stub(StepTypes.HttpRequest), new Stub(StepTypes.DocumentEdit), new Stub(StepTypes.AiChat),
        new Stub(StepTypes.WorkflowRun), new Stub(StepTypes.Foreach), new ApprovalStep(),
    ]);

    /// <summary>Parses the definition (failing the test if it does not) and replays the run's first events.</summary>
    public static RunState Begin(RunEngine engine, string definitionJson, JsonNode? input, DateTimeOffset now, out IReadOnlyList<RunEvent> first)
    {
        var (definition, errors) = WorkflowDefinitionParser.Parse(definitionJson);
        Assert.True(definition is not null, string.Join("; ", errors.Select(e => e.Message)));
        var runId = Guid.NewGuid();
        first = engine.Begin(runId, new RunStart(Guid.NewGuid(), 1, definitionJson, "{}", Guid.NewGuid()), definition, input, now);
        return RunState.Replay(runId, first);
    }

    public static IReadOnlyList<RunEvent> Apply(RunState state, IReadOnlyList<RunEvent> events)
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
