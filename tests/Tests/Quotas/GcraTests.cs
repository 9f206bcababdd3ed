using FsCheck;
using FsCheck.Fluent;
using PowerAutomation.Grains.Quotas;

namespace PowerAutomation.Tests.Quotas;

public sealed class GcraTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-03-01T12:00:00Z");

    [Fact]
    public void Gcra_AgreesWithLeakyBucketReference_OverRandomSchedules()
    {
        var schedules =
            from limit in Gen.Choose(1, 120)
            from steps in Gen.ListOf(
                from gapMs in Gen.Frequency((3, Gen.Choose(0, 50)), (1, Gen.Choose(0, 5000)))
                from cost in Gen.Frequency((4, Gen.Constant(1)), (1, Gen.Choose(1, 5)))
                select (gapMs, cost))
            select (limit, steps.ToList());

        Prop.ForAll(Arb.From(schedules), schedule =>
        {
            var (limit, steps) = schedule;
            var gcra = new Gcra();
            var reference = new LeakyBucket(limit);
            var now = Start;
            foreach (var (gapMs, cost) in steps)
            {
                now = now.AddMilliseconds(gapMs);
                if (gcra.TryConsume(now, cost, limit).Allowed != reference.TryConsume(now, cost))
                {
                    return false;
                }
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    public void Gcra_AllowsABurstOfTheLimitThenSpacesRequests()
    {
        var gcra = new Gcra();
        for (var i = 0; i < 60; i++)
        {
            Assert.True(gcra.TryConsume(Start, 1, 60).Allowed);
        }

        var refused = gcra.TryConsume(Start, 1, 60);
        Assert.False(refused.Allowed);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.RetryAfter);
        Assert.True(gcra.TryConsume(Start.AddSeconds(1), 1, 60).Allowed);
    }

    [Theory]
    [InlineData(1_000_000_000L)]
    [InlineData(long.MaxValue)]
    public void Gcra_WithLimitsBeyondOnePerTick_StillDecides(long perMinute)
    {
        var gcra = new Gcra();
        Assert.True(gcra.TryConsume(Start, 1, perMinute).Allowed);
        Assert.True(gcra.Peek(Start, perMinute).Remaining > 0);
    }

    [Fact]
    public void DailyAllowance_ResetsAtUtcMidnight()
    {
        var allowance = new DailyAllowance(DateOnly.FromDateTime(Start.UtcDateTime), 0);
        var late = DateTimeOffset.Parse("2026-03-01T23:59:59Z");
        Assert.True(allowance.TryConsume(late, 3, 3).Allowed);
        var refused = allowance.TryConsume(late, 1, 3);
        Assert.False(refused.Allowed);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.RetryAfter);
        Assert.Equal(DateTimeOffset.Parse("2026-03-02T00:00:00Z"), DailyAllowance.NextReset(late));

        Assert.True(allowance.TryConsume(late.AddSeconds(1), 1, 3).Allowed);
    }

    [Fact]
    public void DailyAllowance_RefundsOnlyTodaysConsumption()
    {
        var allowance = new DailyAllowance(DateOnly.FromDateTime(Start.UtcDateTime), 0);
        allowance.TryConsume(Start, 2, 10);
        allowance.Refund(Start.AddMinutes(1), Start, 1);
        Assert.Equal(1, allowance.UsedAt(Start.AddMinutes(1)));

        var tomorrow = Start.AddDays(1);
        allowance.TryConsume(tomorrow, 1, 10);
        allowance.Refund(tomorrow, Start, 1);
        Assert.Equal(1, allowance.UsedAt(tomorrow));
    }

    [Fact]
    public async Task DurableWriter_CoalescesConcurrentChangesIntoFewWrites()
    {
        var writes = 0;
        var gate = new TaskCompletionSource();
        var writer = new DurableWriter(async () =>
        {
            writes++;
            await gate.Task;
        });

        var first = writer.ChangedAsync();
        var waiting = Enumerable.Range(0, 50).Select(_ => writer.ChangedAsync()).ToList();
        Assert.False(first.IsCompleted);
        gate.SetResult();
        await Task.WhenAll(waiting.Append(first));

        Assert.Equal(2, writes);
    }

    [Fact]
    public async Task DurableWriter_WithWritesThatCompleteSynchronously_NeverSpins()
    {
        var writes = 0;
        var writer = new DurableWriter(() =>
        {
            writes++;
            return Task.CompletedTask;
        });

        for (var i = 0; i < 5; i++)
        {
            await writer.ChangedAsync().WaitAsync(TimeSpan.FromSeconds(2));
        }

        Assert.Equal(5, writes);
    }

    [Fact]
    public async Task DurableWriter_FailedWrite_FailsItsWaitersAndTheNextChangeWritesAgain()
    {
        var fail = true;
        var writer = new DurableWriter(async () =>
        {
            await Task.Yield();
            if (fail)
            {
                throw new InvalidOperationException("disk full");
            }
        });

        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.ChangedAsync());
        fail = false;
        await writer.ChangedAsync().WaitAsync(TimeSpan.FromSeconds(2));
    }

    /// <summary>Reference: a bucket holding up to <c>limit</c> units that drains continuously at limit per minute.</summary>
    private sealed class LeakyBucket(int limit)
    {
        private readonly long _interval = TimeSpan.TicksPerMinute / limit;
        private long _level;
        private long _last = long.MinValue;

        public bool TryConsume(DateTimeOffset now, int cost)
        {
            var ticks = now.UtcTicks;
            if (_last != long.MinValue)
            {
                _level = Math.Max(0, _level - (ticks - _last));
            }

            _last = ticks;
            if (_level + cost * _interval > limit * _interval)
            {
                return false;
            }

            _level += cost * _interval;
            return true;
        }
    }
}
