namespace PowerAutomation.Grains.Workflows.Engine;

/// <summary>
/// The key a side-effecting step sends with each attempt. It is derived, never stored: an attempt resumed on another
/// silo after a crash sends the same key, so the receiver can tell a repeat from a new request.
/// </summary>
public static class IdempotencyKeys
{
    public static string For(Guid runId, string stepId, int attempt) => $"{runId:N}.{stepId}.{attempt}";
}
