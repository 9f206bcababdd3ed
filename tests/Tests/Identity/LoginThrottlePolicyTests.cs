using Microsoft.Extensions.Time.Testing;
using PowerAutomation.Grains.Identity;

namespace PowerAutomation.Tests.Identity;

public sealed class LoginThrottlePolicyTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
    private readonly LoginThrottlePolicy _policy = new(allowed: 3, TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5));

    [Fact]
    public void RetryAfter_BelowAllowance_IsZero()
    {
        Fail(2);
        Assert.Equal(TimeSpan.Zero, _policy.RetryAfter(_time.GetUtcNow()));
    }

    [Fact]
    public void RetryAfter_AtAllowance_LocksForBaseThenDoublesPerFailure()
    {
        Fail(3);
        Assert.Equal(TimeSpan.FromSeconds(30), _policy.RetryAfter(_time.GetUtcNow()));
        Fail(1);
        Assert.Equal(TimeSpan.FromSeconds(60), _policy.RetryAfter(_time.GetUtcNow()));
        Fail(10);
        Assert.Equal(TimeSpan.FromMinutes(5), _policy.RetryAfter(_time.GetUtcNow()));
    }

    [Fact]
    public void RetryAfter_AfterLockoutPasses_IsZero()
    {
        Fail(3);
        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(TimeSpan.Zero, _policy.RetryAfter(_time.GetUtcNow()));
    }

    [Fact]
    public void Failures_OutsideWindow_AreForgotten()
    {
        Fail(2);
        _time.Advance(TimeSpan.FromMinutes(16));
        Fail(1);
        Assert.Equal(1, _policy.FailureCount);
        Assert.Equal(TimeSpan.Zero, _policy.RetryAfter(_time.GetUtcNow()));
    }

    [Fact]
    public void Reset_ClearsLockout()
    {
        Fail(5);
        _policy.Reset();
        Assert.Equal(TimeSpan.Zero, _policy.RetryAfter(_time.GetUtcNow()));
    }

    [Fact]
    public void TryReserve_CountsUpToTheAllowanceThenRefusesWithoutCounting()
    {
        var now = _time.GetUtcNow();
        Assert.Equal([true, true, true, false, false], Enumerable.Range(0, 5).Select(_ => _policy.TryReserve(now) == TimeSpan.Zero).ToArray());
        Assert.Equal(3, _policy.FailureCount);
    }

    [Fact]
    public void Release_GivesOneReservationBack()
    {
        var now = _time.GetUtcNow();
        for (var i = 0; i < 3; i++)
        {
            _policy.TryReserve(now);
        }

        _policy.Release();
        Assert.Equal(TimeSpan.Zero, _policy.TryReserve(now));
        Assert.NotEqual(TimeSpan.Zero, _policy.TryReserve(now));
    }

    private void Fail(int times)
    {
        for (var i = 0; i < times; i++)
        {
            _policy.RecordFailure(_time.GetUtcNow());
        }
    }
}
