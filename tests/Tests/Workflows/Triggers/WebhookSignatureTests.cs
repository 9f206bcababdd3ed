using System.Globalization;
using System.Text;
using PowerAutomation.Grains.Abstractions.Workflows.Triggers;
using PowerAutomation.Grains.Workflows.Triggers;

namespace PowerAutomation.Tests.Workflows.Triggers;

public sealed class WebhookSignatureTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("whsec_test");
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"event\":\"push\"}");
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    private static WebhookDelivery Delivery(string? signature, string? timestamp = null, byte[]? body = null) =>
        new(body ?? Body, signature, timestamp, new Dictionary<string, string>());

    [Fact]
    public void TheRightSignature_IsAccepted_InEitherCaseOfHex()
    {
        var signature = WebhookSignatures.Sign(Secret, Body);

        Assert.Null(WebhookSignatures.Check(Secret, Delivery(signature), requireTimestamp: false, Now));
        Assert.Null(WebhookSignatures.Check(Secret, Delivery("sha256=" + signature[7..].ToUpperInvariant()), requireTimestamp: false, Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha1=abc")]
    [InlineData("sha256=zz")]
    [InlineData("sha256=0000000000000000000000000000000000000000000000000000000000000000")]
    public void MissingMalformedOrWrongSignatures_AreRefused(string? signature) =>
        Assert.Equal(TriggerErrors.InvalidSignature, WebhookSignatures.Check(Secret, Delivery(signature), requireTimestamp: false, Now));

    [Fact]
    public void ASignatureOfAnotherBodyOrSecret_IsRefused()
    {
        Assert.Equal(TriggerErrors.InvalidSignature, WebhookSignatures.Check(Secret,
            Delivery(WebhookSignatures.Sign(Secret, Body), body: Encoding.UTF8.GetBytes("{\"event\":\"pull\"}")), false, Now));
        Assert.Equal(TriggerErrors.InvalidSignature, WebhookSignatures.Check(Secret,
            Delivery(WebhookSignatures.Sign(Encoding.UTF8.GetBytes("other"), Body)), false, Now));
    }

    [Fact]
    public void ATimestampedDelivery_IsSignedWithItsTimestamp_AndMustBeFresh()
    {
        var timestamp = Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signed = WebhookSignatures.Sign(Secret, Body, timestamp);

        Assert.Null(WebhookSignatures.Check(Secret, Delivery(signed, timestamp), requireTimestamp: true, Now.AddMinutes(4)));
        Assert.Equal(TriggerErrors.StaleTimestamp, WebhookSignatures.Check(Secret, Delivery(signed, timestamp), true, Now.AddMinutes(6)));
        Assert.Equal(TriggerErrors.StaleTimestamp, WebhookSignatures.Check(Secret, Delivery(signed, timestamp), true, Now.AddMinutes(-6)));

        // The body's own signature does not cover the timestamp, so a timestamp cannot be swapped in.
        Assert.Equal(TriggerErrors.InvalidSignature, WebhookSignatures.Check(Secret, Delivery(WebhookSignatures.Sign(Secret, Body), timestamp), false, Now));
        Assert.Equal(TriggerErrors.StaleTimestamp, WebhookSignatures.Check(Secret, Delivery(signed, "soon"), false, Now));
    }

    [Fact]
    public void ATriggerThatRequiresATimestamp_RefusesDeliveriesWithout() =>
        Assert.Equal(TriggerErrors.StaleTimestamp, WebhookSignatures.Check(Secret, Delivery(WebhookSignatures.Sign(Secret, Body)), requireTimestamp: true, Now));
}
