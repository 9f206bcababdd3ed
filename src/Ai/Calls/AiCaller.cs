namespace PowerAutomation.Ai.Calls;

/// <summary>
/// Who makes an AI call and as what: the user, their edition, the API key (with its own daily spend limit, if any),
/// the task it is for (<c>X-PA-Task</c>, or inferred from the endpoint) and the request id its usage row carries.
/// </summary>
public sealed record AiCaller(Guid UserId, string Edition, string RequestId, string? ApiKeyId = null, long? KeySpendLimit = null, string? Task = null);
