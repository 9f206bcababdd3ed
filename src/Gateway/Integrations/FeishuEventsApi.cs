using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Licensing;

namespace PowerAutomation.Gateway.Integrations;

/// <summary>
/// <c>POST /api/v1/integrations/feishu/events</c>: answers Lark's URL verification, and turns a signed, encrypted
/// paid-order event into a licence for the buyer. Forged, stale or malformed callbacks are refused and change
/// nothing; a retried order maps to the same licence.
/// </summary>
public static partial class FeishuEventsApi
{
    public static IEndpointRouteBuilder MapFeishuEventsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/v1/integrations/feishu/events", Receive).WithTags("Integrations").AllowAnonymous()
            .Accepts<System.Text.Json.Nodes.JsonObject>("application/json");
        return routes;
    }

    public static async Task<IResult> Receive(
        HttpRequest request, IOptions<FeishuOptions> options, IClusterClient cluster, TimeProvider time, ILoggerFactory logs)
    {
        var settings = options.Value;
        var logger = logs.CreateLogger(typeof(FeishuEventsApi));
        if (!settings.Enabled)
        {
            return Problems.NotFound("The Feishu integration is not enabled.");
        }

        var body = await ReadBodyAsync(request);
        if (!TryParse(body, settings, out var root, out var problem))
        {
            return problem;
        }

        var (type, token, eventId, @event) = FeishuCallback.Envelope(root);
        if (!string.IsNullOrEmpty(settings.VerificationToken) && !Same(token, settings.VerificationToken))
        {
            LogRefused(logger, "verification token mismatch", eventId);
            return Problems.Unauthorized("invalid_verification_token", "The verification token does not match.");
        }

        // Lark sends the URL challenge before anything is signed; it is answered on the token alone.
        if (type == "url_verification")
        {
            return TypedResults.Ok(new { challenge = FeishuCallback.Text(root, "challenge") });
        }

        if (!string.IsNullOrEmpty(settings.EncryptKey) && VerifySignature(request, body, settings, time) is { } refusal)
        {
            LogRefused(logger, refusal.Detail, eventId);
            return Problems.Unauthorized(refusal.Code, refusal.Detail);
        }

        if (type != settings.PaidOrderEventType || @event is not { } order)
        {
            LogIgnored(logger, type ?? "(none)", eventId);
            return TypedResults.Ok(new { ignored = type });
        }

        var orderId = FeishuCallback.Text(order, settings.OrderIdField);
        var email = EmailAddress.Normalize(FeishuCallback.Text(order, settings.EmailField));
        if (string.IsNullOrEmpty(orderId) || orderId.Length > 128 || email is null)
        {
            return Problems.BadRequest("invalid_event", $"A paid order needs event.{settings.OrderIdField} and a valid event.{settings.EmailField}.");
        }

        var plan = FeishuCallback.Text(order, settings.PlanField) is { } planId && settings.Plans.TryGetValue(planId, out var configured)
            ? configured
            : settings.DefaultPlan;
        var issued = await cluster.GetGrain<ILicenseGrain>(LicenseIdFor(orderId)).Issue(new LicenseIssue(
            email, plan.Edition, time.GetUtcNow().AddDays(plan.DurationDays), plan.MaxDevices, plan.Features, new QuotaLimits(),
            $"feishu order {orderId}"));
        LogIssued(logger, orderId, issued.LicenseId);
        return TypedResults.Ok(new { licenseId = issued.LicenseId });
    }

    /// <summary>One licence per order: its id is derived from the order id.</summary>
    public static string LicenseIdFor(string orderId) =>
        new Guid(SHA256.HashData(Encoding.UTF8.GetBytes("feishu-order:" + orderId))[..16]).ToString("N");

    private static bool TryParse(byte[] body, FeishuOptions settings, out JsonElement root, out IResult problem)
    {
        root = default;
        problem = Results.Empty;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            problem = Problems.BadRequest(ErrorCodes.InvalidJson, "The callback body is not JSON.");
            return false;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            problem = Problems.BadRequest("invalid_event", "The callback body must be a JSON object.");
            return false;
        }

        if (FeishuCallback.Text(root, "encrypt") is not { } encrypted)
        {
            return true;
        }

        if (string.IsNullOrEmpty(settings.EncryptKey) || !FeishuCallback.TryDecrypt(encrypted, settings.EncryptKey, out var clear))
        {
            problem = Problems.BadRequest("invalid_encryption", "The encrypted payload could not be decrypted with the configured key.");
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(clear);
            root = document.RootElement.Clone();
            return root.ValueKind == JsonValueKind.Object
                || Fail(out problem, Problems.BadRequest("invalid_event", "The decrypted event must be a JSON object."));
        }
        catch (JsonException)
        {
            problem = Problems.BadRequest(ErrorCodes.InvalidJson, "The decrypted payload is not JSON.");
            return false;
        }
    }

    private static (string Code, string Detail)? VerifySignature(HttpRequest request, byte[] body, FeishuOptions settings, TimeProvider time)
    {
        var timestamp = request.Headers["X-Lark-Request-Timestamp"].ToString();
        var nonce = request.Headers["X-Lark-Request-Nonce"].ToString();
        var signature = request.Headers["X-Lark-Signature"].ToString();
        if (timestamp.Length == 0 || nonce.Length == 0 || signature.Length == 0)
        {
            return ("invalid_signature", "X-Lark-Request-Timestamp, X-Lark-Request-Nonce and X-Lark-Signature are required.");
        }

        if (!FeishuCallback.SignatureMatches(signature, FeishuCallback.Signature(timestamp, nonce, settings.EncryptKey!, body)))
        {
            return ("invalid_signature", "The request signature does not match.");
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(time.GetUtcNow().ToUnixTimeSeconds() - seconds) > settings.MaxClockSkew.TotalSeconds)
        {
            return ("stale_request", "The request timestamp is too far from now; replays are refused.");
        }

        return null;
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        return buffer.ToArray();
    }

    private static bool Same(string? presented, string expected) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));

    private static bool Fail(out IResult problem, IResult value)
    {
        problem = value;
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a Feishu callback ({Reason}), event {EventId}")]
    private static partial void LogRefused(ILogger logger, string reason, string? eventId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ignored Feishu event of type {Type}, event {EventId}")]
    private static partial void LogIgnored(ILogger logger, string type, string? eventId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feishu order {OrderId} holds licence {LicenseId}")]
    private static partial void LogIssued(ILogger logger, string orderId, string licenseId);
}
