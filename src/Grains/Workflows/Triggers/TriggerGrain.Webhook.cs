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
        RecordLater();
        return new WebhookAnswer(fire.RunId, fire.Error);
    }

    private static readonly TimeSpan FireLogWriteDelay = TimeSpan.FromSeconds(5);

    private IGrainTimer? _fireLogWrite;

    /// <summary>
    /// A delivery's fire is written with the next few seconds' others (or when the trigger leaves memory), not one
    /// write per delivery: the run it started is durable either way, and the log of fires is for people to read.
    /// </summary>
    private void RecordLater() =>
        _fireLogWrite ??= this.RegisterGrainTimer(async _ =>
        {
            _fireLogWrite?.Dispose();
            _fireLogWrite = null;
            await state.WriteStateAsync();
        }, new GrainTimerCreationOptions(FireLogWriteDelay, Timeout.InfiniteTimeSpan));

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_fireLogWrite is not null && Live)
        {
            _fireLogWrite.Dispose();
            await state.WriteStateAsync(cancellationToken);
        }
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
