namespace PowerAutomation.Ai.Calls;

/// <summary>Task names an endpoint implies when the caller sends no <c>X-PA-Task</c>.</summary>
public static class AiTasks
{
    public const string Chat = "chat";
    public const string Completion = "completion";
    public const string Workflow = "workflow";
}
