using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Ai.Chat;
using PowerAutomation.Ai.Protocols;
using PowerAutomation.Ai.Routing;
using PowerAutomation.Gateway.Errors;

namespace PowerAutomation.Gateway.Ai;

/// <summary>
/// <c>POST /v1/messages/count_tokens</c> (Anthropic's shape, <c>{input_tokens}</c>): exact when the model has an
/// Anthropic provider, which counts it (the caller's <c>anthropic-beta</c> passed on); otherwise, or when no such
/// provider answers, the same generous estimate budgets reserve (<see cref="TokenBound"/>: 3 UTF-8 bytes a token plus
/// fixed overheads per message, image and tool). <c>X-PA-Token-Count</c> says <c>exact</c> or <c>estimate</c>.
/// Counting is free: only the per-minute rate applies.
/// </summary>
public sealed partial class CountTokensHandler(ModelRouter router, IClusterClient cluster, ILogger<CountTokensHandler> logger)
{
    public const string CountHeader = "X-PA-Token-Count";

    public async Task HandleAsync(HttpContext http)
    {
        using var document = await AiRequestBody.ReadAsync(http, AiCallHandler.MaxBodyBytes);
        if (document is null)
        {
            return;
        }

        ChatRequest request;
        try
        {
            request = AnthropicMessagesFormat.ParseRequest(document.RootElement, requireMaxTokens: false);
        }
        catch (ChatFormatException exception)
        {
            await VendorProblemWriter.WriteAsync(http, 400, ErrorCodes.InvalidRequest, exception.Message);
            return;
        }

        var (caller, error) = await AiCallers.OfAsync(http, cluster, null);
        if (caller is null)
        {
            await VendorProblemWriter.WriteAsync(http, 400, ErrorCodes.InvalidRequest, error!);
            return;
        }

        switch (router.Catalog.Resolve(request.Model, caller.Edition, caller.Task, out var route))
        {
            case ModelAccess.Unknown:
                await VendorProblemWriter.WriteAsync(http, 404, RoutingCodes.ModelNotFound, $"The model '{request.Model}' does not exist.");
                return;
            case ModelAccess.NotInEdition:
                await VendorProblemWriter.WriteAsync(http, 403, RoutingCodes.ModelNotAllowed, $"The {caller.Edition} edition may not use '{request.Model}'.");
                return;
        }

        var exact = await ExactAsync(http, route, caller.Edition, document.RootElement);
        http.Response.Headers[CountHeader] = exact is null ? "estimate" : "exact";
        await Results.Json(new JsonObject { ["input_tokens"] = exact ?? TokenBound.EstimateInput(request) }).ExecuteAsync(http);
    }

    private async Task<long?> ExactAsync(HttpContext http, ModelRoute route, string edition, JsonElement body)
    {
        if (!router.Providers.Any(p => p.Options.Kind == PowerAutomation.Ai.Configuration.ProviderKinds.Anthropic && route.Targets.Any(p.Serves)))
        {
            return null;
        }

        var headers = http.Request.Headers["anthropic-beta"].ToString() is { Length: > 0 and <= 1024 } beta
            ? new Dictionary<string, string> { ["anthropic-beta"] = beta } : null;
        try
        {
            using var upstream = await router.SendAsync(route, edition, (provider, target) =>
            {
                var upstreamBody = JsonNode.Parse(body.GetRawText())!.AsObject();
                upstreamBody["model"] = target;
                upstreamBody.Remove("max_tokens");
                upstreamBody.Remove("stream");
                return provider.Endpoint.CountTokens(upstreamBody, headers);
            }, false, http.RequestAborted, only: p => p.Options.Kind == PowerAutomation.Ai.Configuration.ProviderKinds.Anthropic);
            upstream.Complete(false);
            if (!upstream.Succeeded)
            {
                return null;
            }

            using var answer = JsonDocument.Parse(await upstream.Response.Content.ReadAsByteArrayAsync(upstream.Token));
            return answer.RootElement.Property("input_tokens") is { ValueKind: JsonValueKind.Number } count && count.TryGetInt64(out var tokens) ? tokens : null;
        }
        catch (Exception exception) when (exception is RoutingException or JsonException)
        {
            LogCountFellBack(route.Requested, exception.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Counting tokens for {Model} fell back to the estimate: {Reason}")]
    private partial void LogCountFellBack(string model, string reason);
}
