using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Grains.Abstractions.Workflows;
using PowerAutomation.Grains.Abstractions.Workflows.Triggers;

namespace PowerAutomation.Grains.Workflows.Triggers;

/// <summary>Webhook deliveries: a signed request starts a run whose input is <c>{body, headers}</c>.</summary>
public sealed partial class TriggerGrain
{
    public async Task<WebhookAnswer> Hook(WebhookDelivery delivery)
    {
        if (!Live || state.State.Spec!.Type != TriggerTypes.Webhook)
        {
            return new WebhookAnswer(null, WorkflowErrors.NotFound);
        }

        var secret = Encoding.UTF8.GetBytes(sealer.Open(state.State.SealedSecret!, SecretContext));
        if (WebhookSignatures.Check(secret, delivery, state.State.Spec.RequireTimestamp, clock.Time.GetUtcNow()) is { } refusal)
        {
            return new WebhookAnswer(null, refusal);
        }

        // A timestamped delivery names its run by its signature: sent again (a retrying sender, or a replay inside the
        // tolerance) it answers the run it started, charged once. Without a timestamp every delivery is a new run.
        var runId = delivery.Timestamp is null
            ? Guid.NewGuid()
            : IdempotentStarts.Derive($"pa.trigger.webhook\n{TriggerId:N}\n{delivery.Signature!.ToLowerInvariant()}");
        var fire = await FireAsync(runId, InputOf(delivery));
        await state.WriteStateAsync();
        return new WebhookAnswer(fire.RunId, fire.Error);
    }

    /// <summary><c>{body, headers}</c>: the body as JSON when it is JSON, else as text; bytes that are not UTF-8 as <c>bodyBase64</c>.</summary>
    private static string InputOf(WebhookDelivery delivery)
    {
        var input = new JsonObject();
        try
        {
            input["body"] = delivery.Body.Length == 0 ? null : JsonNode.Parse(delivery.Body);
        }
        catch (JsonException)
        {
            try
            {
                input["body"] = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(delivery.Body);
            }
            catch (DecoderFallbackException)
            {
                input["body"] = null;
                input["bodyBase64"] = Convert.ToBase64String(delivery.Body);
            }
        }

        var headers = new JsonObject();
        foreach (var (name, value) in delivery.Headers)
        {
            headers[name] = value;
        }

        input["headers"] = headers;
        return input.ToJsonString();
    }
}
