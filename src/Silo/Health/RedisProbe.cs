using System.Diagnostics;
using PowerAutomation.Grains.Abstractions.Health;
using PowerAutomation.Grains.Health;
using StackExchange.Redis;

namespace PowerAutomation.Silo.Health;

/// <summary>Pings the Redis that holds reminders, over a connection of its own made on first use.</summary>
public sealed class RedisProbe(RedisConnection redis) : IDependencyProbe
{
    public string Name => "redis";

    public async Task<DependencyStatus> CheckAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var connection = await redis.GetAsync().WaitAsync(cancellationToken);
        await connection.GetDatabase().PingAsync().WaitAsync(cancellationToken);
        return new DependencyStatus(Name, true, null, watch.Elapsed.TotalMilliseconds);
    }
}

/// <summary>A lazily opened, shared Redis connection that keeps reconnecting by itself once made.</summary>
public sealed class RedisConnection(string configuration) : IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _connection = new(() => Connect(configuration));

    public Task<ConnectionMultiplexer> GetAsync() => _connection.Value;

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            await _connection.Value.Result.DisposeAsync();
        }
    }

    private static Task<ConnectionMultiplexer> Connect(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 2000;
        return ConnectionMultiplexer.ConnectAsync(options);
    }
}
