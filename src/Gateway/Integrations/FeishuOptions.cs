using System.ComponentModel.DataAnnotations;

namespace PowerAutomation.Gateway.Integrations;

/// <summary>
/// Feishu (Lark) event subscription (section <c>Integrations:Feishu</c>). The encrypt key and verification token
/// are the ones shown in the Feishu developer console for the app. A paid-order event issues a licence per
/// <see cref="Plans"/> (keyed by price plan id) or <see cref="DefaultPlan"/>.
/// </summary>
public sealed class FeishuOptions
{
    public const string Section = "Integrations:Feishu";

    public bool Enabled { get; set; }

    /// <summary>Encrypt key: payloads are AES-256-CBC encrypted and requests signed with it.</summary>
    public string? EncryptKey { get; set; }

    /// <summary>Verification token carried in every callback.</summary>
    public string? VerificationToken { get; set; }

    /// <summary>The event type that means "paid order".</summary>
    public string PaidOrderEventType { get; set; } = "order_paid";

    /// <summary>Fields of the event object: order id, buyer e-mail, price plan.</summary>
    public string OrderIdField { get; set; } = "order_id";

    public string EmailField { get; set; } = "buyer_email";

    public string PlanField { get; set; } = "price_plan_id";

    /// <summary>How far a request's timestamp may be from now before it counts as a replay.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    public Dictionary<string, FeishuPlan> Plans { get; set; } = [];

    public FeishuPlan DefaultPlan { get; set; } = new();
}

/// <summary>What a purchased plan grants.</summary>
public sealed class FeishuPlan
{
    public string Edition { get; set; } = "personal";

    [Range(1, 36_500)]
    public int DurationDays { get; set; } = 365;

    [Range(1, 10_000)]
    public int MaxDevices { get; set; } = 3;

    public List<string> Features { get; set; } = [];
}
