using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Ai.Chat;
using PowerAutomation.Ai.Configuration;
using PowerAutomation.Ai.Protocols;
using PowerAutomation.Ai.Routing;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Gateway.Ai;

/// <summary>
/// One chat call on the vendor-compatible surface: parse in the caller's format, check the model against the
/// caller's edition, take one <c>ai_requests</c> unit and reserve the call's token bound in <c>ai_tokens</c>
/// (<see cref="TokenBound"/>: the estimated input plus the output limit the provider is held to), route, then
/// answer in the caller's format (passing the provider's bytes through when it speaks the same one). Once any of
/// the answer was delivered the reservation is trued up to the usage; a call that delivered nothing gives its
/// units back.
/// </summary>
public sealed class AiCallHandler(ModelRouter router, AiQuota quota, IClusterClient cluster, TimeProvider time, ILogger<AiCallHandler> logger)
{
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    public async Task HandleAsync(HttpContext http, AiProtocol protocol)
    {
        using var document = await AiRequestBody.ReadAsync(http, MaxBodyBytes);
        if (document is null)
        {
            return;
        }

        ChatRequest request;
        try
        {
            request = protocol == AiProtocol.Anthropic
                ? AnthropicMessagesFormat.ParseRequest(document.RootElement)
                : OpenAiChatFormat.ParseRequest(document.RootElement);
        }
        catch (ChatFormatException exception)
        {
            await VendorProblemWriter.WriteAsync(http, 400, ErrorCodes.InvalidRequest, exception.Message);
            return;
        }

        var edition = (await cluster.GetGrain<IUserGrain>(http.User.UserId()).GetEntitlements()).Edition;
        switch (router.Access(request.Model, edition))
        {
            case ModelAccess.Unknown:
                await VendorProblemWriter.WriteAsync(http, 404, RoutingCodes.ModelNotFound, $"The model '{request.Model}' does not exist.");
                return;
            case ModelAccess.NotInEdition:
                await VendorProblemWriter.WriteAsync(http, 403, RoutingCodes.ModelNotAllowed, $"The {edition} edition may not use '{request.Model}'.");
                return;
        }

        if (router.ServedLocally(request.Model))
        {
            await VendorProblemWriter.WriteAsync(http, 400, ErrorCodes.InvalidRequest,
                $"'{request.Model}' is an embeddings model served by the model-worker pool; use /v1/embeddings.");
            return;
        }

        // The provider is held to the output bound that was reserved, whether or not the caller set one.
        request = request with { MaxTokens = TokenBound.OutputBound(request) };
        var inputEstimate = TokenBound.EstimateInput(request);
        if (await quota.TakeAsync(http, inputEstimate + request.MaxTokens!.Value) is not { } ticket)
        {
            return;
        }

        var outcome = AiCallOutcome.NothingDelivered;
        try
        {
            outcome = await CallAsync(http, protocol, document.RootElement, request, inputEstimate, edition);

            // The caller has the whole answer before the bookkeeping is written.
            await http.Response.CompleteAsync();
        }
        catch (Exception) when (http.RequestAborted.IsCancellationRequested)
        {
            // The caller hung up while the answer was completed; it is settled as delivered or not below.
        }
        finally
        {
            await ticket.SettleAsync(outcome.Delivered, outcome.Usage.Total);
        }
    }

    private async Task<AiCallOutcome> CallAsync(HttpContext http, AiProtocol protocol, JsonElement body, ChatRequest request, long inputEstimate, string edition)
    {
        try
        {
            using var call = await router.SendAsync(request.Model, edition, provider => UpstreamRequest(provider, protocol, body, request),
                request.Stream, http.RequestAborted);
            if (!call.Succeeded)
            {
                var detail = await call.Response.Content.ReadAsStringAsync(call.Token);
                await VendorProblemWriter.WriteAsync(http, (int)call.Response.StatusCode, "provider_rejected",
                    $"{call.Provider.Name} refused the request: {UpstreamMessage(detail)}");
                return AiCallOutcome.NothingDelivered;
            }

            return request.Stream
                ? await AiStreaming.RelayAsync(http, protocol, call, request.Model, inputEstimate, time)
                : await RespondAsync(http, protocol, call, request.Model);
        }
        catch (RoutingException exception)
        {
            logger.LogWarning("AI call for {Model} failed: {Message}", request.Model, exception.Message);
            await VendorProblemWriter.WriteAsync(http, exception.Status, exception.Code, exception.Message);
            return AiCallOutcome.NothingDelivered;
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return AiCallOutcome.NothingDelivered; // The caller left before the answer; the upstream call was cancelled with it.
        }
    }

    private async Task<AiCallOutcome> RespondAsync(HttpContext http, AiProtocol protocol, UpstreamCall call, string model)
    {
        var bytes = await call.Response.Content.ReadAsByteArrayAsync(call.Token);
        var source = call.Provider.Endpoint.Protocol;
        ChatResult result;
        try
        {
            using var answer = JsonDocument.Parse(bytes);
            result = source switch
            {
                AiProtocol.Anthropic => AnthropicMessagesFormat.ParseResponse(answer.RootElement),
                AiProtocol.Gemini => GeminiFormat.ParseResponse(answer.RootElement, model),
                _ => OpenAiChatFormat.ParseResponse(answer.RootElement),
            };
        }
        catch (Exception exception) when (exception is JsonException or ChatFormatException)
        {
            call.Complete(true, "unreadable answer: " + exception.Message);
            await VendorProblemWriter.WriteAsync(http, 502, RoutingCodes.ProviderError, $"{call.Provider.Name} sent an unreadable answer.");
            return AiCallOutcome.NothingDelivered;
        }

        call.Complete(false);
        http.Response.ContentType = "application/json";
        var answerBytes = source == protocol
            ? bytes // Same format: the provider's answer, byte for byte.
            : System.Text.Encoding.UTF8.GetBytes((protocol == AiProtocol.Anthropic
                ? AnthropicMessagesFormat.WriteResponse(result)
                : OpenAiChatFormat.WriteResponse(result, time.GetUtcNow().ToUnixTimeSeconds())).ToJsonString());
        try
        {
            await http.Response.Body.WriteAsync(answerBytes, http.RequestAborted);
        }
        catch (Exception) when (http.RequestAborted.IsCancellationRequested)
        {
            // The answer was complete and sent; a caller that hung up while it travelled still pays for it.
        }

        return new AiCallOutcome(true, result.Usage);
    }

    /// <summary>The provider's request: the caller's own body when the formats match, else a translation.</summary>
    private static HttpRequestMessage UpstreamRequest(ProviderState provider, AiProtocol protocol, JsonElement body, ChatRequest request)
    {
        var target = provider.Endpoint.Protocol;
        JsonObject upstream;
        if (target == protocol)
        {
            upstream = JsonNode.Parse(body.GetRawText())!.AsObject();
            if (protocol == AiProtocol.OpenAi && upstream["max_tokens"] is null && upstream["max_completion_tokens"] is null)
            {
                // The reservation assumed this bound; OpenAI's own API names it max_completion_tokens, servers that copy it max_tokens.
                var field = provider.Options.Kind == ProviderKinds.OpenAi ? "max_completion_tokens" : "max_tokens";
                upstream[field] = request.MaxTokens;
            }

            if (protocol == AiProtocol.OpenAi && request.Stream)
            {
                // Usage is what we meter: ask for it at the end of the stream.
                var options = upstream["stream_options"] as JsonObject ?? [];
                options["include_usage"] = true;
                upstream["stream_options"] = options;
            }
        }
        else
        {
            upstream = target switch
            {
                AiProtocol.Anthropic => AnthropicMessagesFormat.WriteRequest(request, request.Model),
                AiProtocol.Gemini => GeminiFormat.WriteRequest(request),
                _ => OpenAiChatFormat.WriteRequest(request, request.Model),
            };
        }

        return provider.Endpoint.Chat(upstream, request.Model, request.Stream);
    }

    /// <summary>The message inside a vendor error body, whichever vendor's shape it has.</summary>
    private static string UpstreamMessage(string body)
    {
        try
        {
            using var error = JsonDocument.Parse(body);
            var root = error.RootElement;
            var inner = root.Property("error") ?? root;
            return inner.OptionalString("message", "error") ?? body;
        }
        catch (JsonException)
        {
            return body.Length > 300 ? body[..300] : body;
        }
    }
}
