namespace PowerAutomation.Grains.Abstractions.Workflows;

/// <summary>The step types of API.md. A definition naming any other type is refused when it is saved.</summary>
public static class StepTypes
{
    public const string AiChat = "ai.chat";
    public const string HttpRequest = "http.request";
    public const string DocumentEdit = "document.edit";
    public const string Delay = "delay";
    public const string WaitSignal = "wait.signal";
    public const string Transform = "transform";

    /// <summary>Control flow: true or false from a condition; steps depending on a false one are skipped.</summary>
    public const string If = "if";

    /// <summary>A child run of another workflow; its output is the child's output.</summary>
    public const string WorkflowRun = "workflow.run";

    /// <summary>One step run for each element of a list, a few at a time; its output is the list of their outputs.</summary>
    public const string Foreach = "foreach";

    /// <summary>Waits for a person's decision (by e-mail and in the app), with a timeout and an escalation.</summary>
    public const string Approval = "approval";

    public static IReadOnlyList<string> All { get; } = [AiChat, HttpRequest, DocumentEdit, Delay, WaitSignal, Transform, If, WorkflowRun, Foreach, Approval];

    /// <summary>What a <c>foreach</c> may run per element: steps that answer with a value (no waits, no control flow).</summary>
    public static IReadOnlyList<string> ForeachInner { get; } = [Transform, HttpRequest, DocumentEdit, AiChat, WorkflowRun];

    /// <summary>Types the run engine decides itself, with no executor of their own.</summary>
    public static IReadOnlyList<string> ControlFlow { get; } = [If];

    public static bool IsKnown(string? type) => type is not null && All.Contains(type);
}
