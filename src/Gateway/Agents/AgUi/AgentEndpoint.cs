using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PowerAutomation.Gateway.Errors;

namespace PowerAutomation.Gateway.Agents.AgUi;

/// <summary>
/// <c>POST /api/v1/agent</c>: checks the <see cref="RunAgentInput"/> (a problem with the field before any event),
/// then answers <c>text/event-stream</c> with the run's AG-UI events.
/// </summary>
public static class AgentEndpoint
{
    public const int MaxIdLength = 200;

    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> RunAsync(
        RunAgentInput input, HttpContext http, AgentRunner runner, IOptions<AgentOptions> options)
    {
        var bounds = options.Value;
        if (input.ThreadId is not { Length: > 0 and <= MaxIdLength })
        {
            return Problems.Validation("threadId", $"threadId is required (at most {MaxIdLength} characters).");
        }

        if (input.RunId is not { Length: > 0 and <= MaxIdLength })
        {
            return Problems.Validation("runId", $"runId is required (at most {MaxIdLength} characters).");
        }

        if (input.Messages is null || input.Messages.Count > bounds.MaxMessages)
        {
            return Problems.Validation("messages", $"messages is required, with at most {bounds.MaxMessages} messages (Agents:MaxMessages).");
        }

        var model = bounds.Model;
        if (input.ForwardedProps is { ValueKind: JsonValueKind.Object } props && props.TryGetProperty("model", out var given))
        {
            if (given.ValueKind != JsonValueKind.String || given.GetString() is not { Length: > 0 and <= 200 } name)
            {
                return Problems.Validation("forwardedProps.model", "forwardedProps.model is a model name (1-200 characters).");
            }

            model = name;
        }

        var (system, turns, problem) = AgentConversation.From(input);
        if (problem is { } p)
        {
            return Problems.Validation(p.Field, p.Message);
        }

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await runner.RunAsync(http, input, system, turns, model);
        return TypedResults.Empty;
    }
}
