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

    public static IReadOnlyList<string> All { get; } = [AiChat, HttpRequest, DocumentEdit, Delay, WaitSignal, Transform];

    public static bool IsKnown(string? type) => type is not null && All.Contains(type);
}
