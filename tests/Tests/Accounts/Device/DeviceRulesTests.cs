using PowerAutomation.Grains.Abstractions.Identity.Device;
using PowerAutomation.Grains.Identity.Device;

namespace PowerAutomation.Tests.Accounts.Device;

/// <summary>The pure parts: user codes (RFC 8628 §6.1) and the poll rules (§3.5).</summary>
public sealed class DeviceRulesTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-03-01T12:00:00Z");

    [Fact]
    public void NewUserCode_IsEightLettersOfTheBase20Alphabet_AndDisplaysInTwoGroups()
    {
        var codes = Enumerable.Range(0, 200).Select(_ => DeviceCodes.NewUserCode()).ToList();

        Assert.All(codes, c => Assert.Matches("^[BCDFGHJKLMNPQRSTVWXZ]{8}$", c));
        Assert.True(codes.Distinct().Count() > 190);
        Assert.Equal("BCDF-GHJK", DeviceCodes.Display("BCDFGHJK"));
    }

    [Theory]
    [InlineData("BCDF-GHJK", "BCDFGHJK")]
    [InlineData("bcdf-ghjk", "BCDFGHJK")]
    [InlineData(" bcdf ghjk ", "BCDFGHJK")]
    [InlineData("BCDFGHJK", "BCDFGHJK")]
    [InlineData("BCDF-GHJA", null)]
    [InlineData("BCDF-GHJ", null)]
    [InlineData("BCDF-GHJKL", null)]
    [InlineData("BCDF-GHJ1", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Normalize_FoldsCaseAndDropsDashes_RefusesTheRest(string? typed, string? expected) =>
        Assert.Equal(expected, DeviceCodes.Normalize(typed));

    [Fact]
    public void Normalize_OverlongInput_IsRefusedWithoutScanning() =>
        Assert.Null(DeviceCodes.Normalize(new string('-', 33) + "BCDFGHJK"));

    [Fact]
    public void Hash_IsStableHex_AndDiffersPerCode()
    {
        var code = DeviceCodes.NewDeviceCode();

        Assert.Equal(DeviceCodes.Hash(code), DeviceCodes.Hash(code));
        Assert.Matches("^[0-9A-F]{64}$", DeviceCodes.Hash(code));
        Assert.NotEqual(DeviceCodes.Hash(code), DeviceCodes.Hash(DeviceCodes.NewDeviceCode()));
    }

    [Theory]
    [InlineData(DeviceGrantStatus.Pending, null, DevicePollStatus.Pending)]
    [InlineData(DeviceGrantStatus.Pending, 4, DevicePollStatus.SlowDown)]
    [InlineData(DeviceGrantStatus.Pending, 5, DevicePollStatus.Pending)]
    [InlineData(DeviceGrantStatus.Approved, 0, DevicePollStatus.Issued)]
    [InlineData(DeviceGrantStatus.Denied, 0, DevicePollStatus.Denied)]
    [InlineData(DeviceGrantStatus.Issued, null, DevicePollStatus.Unknown)]
    public void Decide_BeforeExpiry_AnswersByStatusAndPace(DeviceGrantStatus status, int? secondsSinceLastPoll, DevicePollStatus expected)
    {
        DateTimeOffset? last = secondsSinceLastPoll is { } s ? Now - TimeSpan.FromSeconds(s) : null;

        Assert.Equal(expected, DevicePolling.Decide(status, Now.AddMinutes(5), last, 5, Now));
    }

    [Theory]
    [InlineData(DeviceGrantStatus.Pending)]
    [InlineData(DeviceGrantStatus.Approved)]
    [InlineData(DeviceGrantStatus.Denied)]
    public void Decide_AtOrAfterExpiry_IsExpired(DeviceGrantStatus status) =>
        Assert.Equal(DevicePollStatus.Expired, DevicePolling.Decide(status, Now, null, 5, Now));

    [Fact]
    public void SlowedDown_AddsFiveSeconds_UpToTheCap()
    {
        Assert.Equal(10, DevicePolling.SlowedDown(5));
        Assert.Equal(DevicePolling.MaxIntervalSeconds, DevicePolling.SlowedDown(DevicePolling.MaxIntervalSeconds));
    }
}
