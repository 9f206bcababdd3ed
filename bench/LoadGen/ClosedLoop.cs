using System.Collections.Concurrent;
using System.Diagnostics;

namespace PowerAutomation.LoadGen;

/// <summary>
/// A fixed number of callers, each sending its next request as soon as its last is answered, for a duration:
/// throughput at that concurrency and the latency each caller sees.
/// </summary>
public static class ClosedLoop
{
    public static async Task<LoadResult> RunAsync(HttpClient http, Func<HttpRequestMessage> request, int callers, TimeSpan duration)
    {
        var latencies = new ConcurrentBag<double>();
        var statuses = new ConcurrentDictionary<int, int>();
        var errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                var started = clock.Elapsed;
                try
                {
                    using var message = request();
                    using var response = await http.SendAsync(message);
                    await response.Content.LoadIntoBufferAsync();
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                    statuses.AddOrUpdate(0, 1, (_, n) => n + 1);
                }

                latencies.Add((clock.Elapsed - started).TotalMilliseconds);
            }
        })));

        var sorted = latencies.ToArray();
        Array.Sort(sorted);
        return new LoadResult(0, sorted.Length, clock.Elapsed, errors, sorted, new Dictionary<int, int>(statuses));
    }
}
