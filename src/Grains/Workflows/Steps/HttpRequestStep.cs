using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Abstractions.Workflows;
using PowerAutomation.Grains.Abstractions.Workflows.Secrets;
using PowerAutomation.Grains.Workflows.Secrets;

namespace PowerAutomation.Grains.Workflows.Steps;

/// <summary>
/// <c>http.request</c>: <c>{method, url, headers?, body?}</c> to <c>{status, headers, body}</c>. Only configured hosts,
/// never internal addresses unless allowed; every attempt carries its <c>Idempotency-Key</c>. 408, 429, 5xx and
/// transport errors are worth retrying; other 4xx answers fail the step.
/// <c>{{secrets.NAME}}</c> in headers and body (left in place by rendering, so the recorded input keeps it) is filled
/// in here, just before sending, and the values are masked out of the output and errors the step records.
/// </summary>
/// <param name="secrets">Where secret values come from; without one, a step naming a secret fails with <c>secret_not_found</c>.</param>
public sealed class HttpRequestStep(HttpClient http, IOptions<WorkflowOptions> options, ISecretSource? secrets = null) : IStepExecutor
{
    public const string IdempotencyHeader = "Idempotency-Key";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public string Type => StepTypes.HttpRequest;

    public bool HasSideEffects => true;

    public async Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var input = context.Input as JsonObject;
        var names = input is null ? [] : SecretPlaceholders.NamesIn(input["headers"]).Concat(SecretPlaceholders.NamesIn(input["body"]))
            .Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            return await SendAsync(context, new Dictionary<string, string>(), cancellationToken);
        }

        var revealed = secrets is null ? new RevealedSecrets(new Dictionary<string, string>(), names, []) : await secrets.RevealAsync(context.OwnerId, names);
        if (revealed.Missing is [var missing, ..])
        {
            return StepOutcome.Fail(SecretErrors.SecretNotFound, $"{{{{secrets.{missing}}}}}: there is no secret '{missing}' (PUT /api/v1/secrets/{missing}).", false);
        }

        if (revealed.Unreadable is [var unreadable, ..])
        {
            return StepOutcome.Fail(SecretErrors.SecretUnreadable,
                $"{{{{secrets.{unreadable}}}}}: the stored secret opens with none of the configured keys (Workflows:SecretsKey, PreviousSecretsKeys).", false);
        }

        var mask = new SecretMask(revealed.Values.Values);
        try
        {
            return Masked(await SendAsync(context, revealed.Values, cancellationToken), mask);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The run grain would record and log this message; it may quote a header.
            return StepOutcome.Fail(WorkflowErrors.ExecutorFailed, mask.Apply(exception.Message), true);
        }
    }

    private static StepOutcome Masked(StepOutcome outcome, SecretMask mask) => outcome switch
    {
        StepOutcome.Completed done => StepOutcome.Done(mask.Apply(done.Output)),
        StepOutcome.Failed failed => failed with { Error = failed.Error with { Message = mask.Apply(failed.Error.Message) } },
        _ => outcome,
    };

    private async Task<StepOutcome> SendAsync(StepContext context, IReadOnlyDictionary<string, string> secretValues, CancellationToken cancellationToken)
    {
        var settings = options.Value.Http;
        if (context.Input is not JsonObject input || input["url"] is not JsonValue urlValue || !urlValue.TryGetValue<string>(out var urlText)
            || !Uri.TryCreate(urlText, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            return StepOutcome.Fail(WorkflowErrors.InvalidInput, "input.url must be an absolute http or https URL.", false);
        }

        var method = (input["method"] as JsonValue)?.TryGetValue<string>(out var m) == true ? m.ToUpperInvariant() : null;
        if (method is null || !StepInputRules.HttpMethods.Contains(method))
        {
            return StepOutcome.Fail(WorkflowErrors.InvalidInput, $"input.method must be one of {string.Join(", ", StepInputRules.HttpMethods)}.", false);
        }

        if (!NetworkPolicy.IsHostAllowed(url.IdnHost, settings.AllowedHosts))
        {
            return StepOutcome.Fail(WorkflowErrors.HostNotAllowed, $"'{url.IdnHost}' is not among the hosts workflows may call (Workflows:Http:AllowedHosts).", false);
        }

        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (Body(SecretPlaceholders.Replace(input["body"], secretValues)) is { } content)
        {
            request.Content = content;
        }

        if (SecretPlaceholders.Replace(input["headers"], secretValues) is JsonObject headers)
        {
            foreach (var (name, value) in headers)
            {
                var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "";
                if (!request.Headers.TryAddWithoutValidation(name, text) && request.Content is not null)
                {
                    request.Content.Headers.Remove(name);
                    request.Content.Headers.TryAddWithoutValidation(name, text);
                }
            }
        }

        request.Headers.Remove(IdempotencyHeader);
        request.Headers.TryAddWithoutValidation(IdempotencyHeader, context.IdempotencyKey);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var (read, body) = await ReadBodyAsync(response, settings.MaxResponseBytes, cancellationToken);
            switch (read)
            {
                case BodyRead.TooLarge:
                    return StepOutcome.Fail(WorkflowErrors.HttpFailed, $"The answer is larger than {settings.MaxResponseBytes} bytes.", false);
                case BodyRead.NotText:
                    // Kept as text, a body that is not UTF-8 would be silently altered; the same answer would come again.
                    return StepOutcome.Fail(WorkflowErrors.InvalidText, $"{url.IdnHost} answered with a body that is neither JSON nor UTF-8 text.", false);
            }

            var status = (int)response.StatusCode;
            if (status is 408 or 429 or >= 500)
            {
                return StepOutcome.Fail(WorkflowErrors.HttpFailed, $"{url.IdnHost} answered {status}.", true);
            }

            if (status >= 400)
            {
                return StepOutcome.Fail(WorkflowErrors.HttpFailed, $"{url.IdnHost} answered {status}.", false);
            }

            return StepOutcome.Done(new JsonObject
            {
                ["status"] = status,
                ["headers"] = HeadersOf(response),
                ["body"] = body,
            });
        }
        catch (HttpRequestException exception) when (Refusal(exception) is { } refusal)
        {
            return StepOutcome.Fail(WorkflowErrors.HostNotAllowed, refusal.Message, false);
        }
        catch (HttpRequestException exception)
        {
            return StepOutcome.Fail(WorkflowErrors.HttpFailed, $"{url.IdnHost}: {exception.Message}", true);
        }
    }

    /// <summary>Strings go as text; any other JSON goes as application/json.</summary>
    private static HttpContent? Body(JsonNode? body) => body switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => new StringContent(text, Encoding.UTF8, "text/plain"),
        _ => new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
    };

    /// <summary>JSON answers as JSON, others as text.</summary>
    private static async Task<(BodyRead Read, JsonNode? Body)> ReadBodyAsync(HttpResponseMessage response, int limit, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                return (BodyRead.TooLarge, null);
            }
        }

        var bytes = buffer.ToArray();
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        if (mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal))
        {
            try
            {
                return (BodyRead.Read, JsonNode.Parse(bytes));
            }
            catch (JsonException)
            {
                // Said JSON, was not: keep it as text.
            }
        }

        try
        {
            return (BodyRead.Read, JsonValue.Create(StrictUtf8.GetString(bytes)));
        }
        catch (DecoderFallbackException)
        {
            return (BodyRead.NotText, null);
        }
    }

    private static JsonObject HeadersOf(HttpResponseMessage response)
    {
        var headers = new JsonObject();
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            headers[name.ToLowerInvariant()] = string.Join(", ", values);
        }

        return headers;
    }

    private static NetworkPolicyException? Refusal(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is NetworkPolicyException refusal)
            {
                return refusal;
            }
        }

        return null;
    }
}

/// <summary>What reading an answer's body came to.</summary>
internal enum BodyRead
{
    Read,
    TooLarge,
    NotText,
}
