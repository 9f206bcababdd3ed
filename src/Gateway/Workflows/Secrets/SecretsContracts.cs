namespace PowerAutomation.Gateway.Workflows.Secrets;

/// <summary>API.md's <c>PUT /api/v1/secrets/{name}</c> body: <c>{value}</c>.</summary>
public sealed record SecretRequest(string? Value);

/// <summary>A secret in <c>GET /api/v1/secrets</c>: its name and when it was last written; never its value.</summary>
public sealed record SecretResponse(string Name, DateTimeOffset UpdatedAt);
