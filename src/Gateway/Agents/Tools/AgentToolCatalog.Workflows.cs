using System.Text.Json.Nodes;
using PowerAutomation.Gateway.Workflows;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Gateway.Agents.Tools;

public sealed partial class AgentToolCatalog
{
    private IEnumerable<AgentTool> WorkflowTools() =>
    [
        new("start_workflow", ToolGroups.Test, ApiScopes.Workflows,
            "Starts a run of a workflow with the given input (it takes one workflow_runs unit of the user's quota): {runId}.",
            Schema("""
                {"type":"object","required":["workflowId"],"additionalProperties":false,
                 "properties":{"workflowId":{"type":"string","format":"uuid"},
                               "input":{"description":"The run's input: any JSON value, usually an object."},
                               "version":{"type":"integer","minimum":1,"description":"A version of the definition; the latest when left out."}}}
                """),
            async call => FromApi(await WorkflowsApi.StartRun(Id(call.Arguments, "workflowId"),
                new StartRunRequest(Optional(call.Arguments, "input"), OptionalInt(call.Arguments, "version")),
                call.User, _cluster, Scratch(call), _time))),
        new("get_run", ToolGroups.Operations, ApiScopes.Workflows,
            "A run's status, steps, output and error; with wait (seconds) it answers as soon as the run finishes.",
            Schema("""
                {"type":"object","required":["runId"],"additionalProperties":false,
                 "properties":{"runId":{"type":"string","format":"uuid"},
                               "wait":{"type":"integer","minimum":0,"maximum":@MaxWaitSeconds}}}
                """),
            async call => FromApi(await RunsApi.Get(Id(call.Arguments, "runId"), OptionalInt(call.Arguments, "wait"), call.User, _cluster,
                call.CancellationToken))),
        new("signal_run", ToolGroups.Operations, ApiScopes.Workflows,
            "Sends a named signal with a payload to a run (a wait.signal step waiting for it goes on).",
            Schema("""
                {"type":"object","required":["runId","name"],"additionalProperties":false,
                 "properties":{"runId":{"type":"string","format":"uuid"},
                               "name":{"type":"string","minLength":1,"maxLength":100},
                               "payload":{"description":"Any JSON value."}}}
                """),
            async call =>
            {
                var runId = Id(call.Arguments, "runId");
                var name = call.Arguments.GetProperty("name").GetString()!;
                return FromApi(await RunsApi.Signal(runId, name, new SignalRequest(Optional(call.Arguments, "payload")), call.User, _cluster),
                    () => new JsonObject { ["runId"] = runId, ["signal"] = name, ["accepted"] = true });
            }),
    ];

    /// <summary>
    /// The context a handler writes its RateLimit headers on: not the caller's response, which is an event stream
    /// already under way; the quota itself is taken as for any API call.
    /// </summary>
    private static DefaultHttpContext Scratch(ToolCall call) => new() { User = call.User };
}
