using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace PowerAutomation.LoadGen;

/// <summary>Fires requests at a fixed rate for a duration and collects latencies from scheduled start.</summary>
public static class OpenLoop
{
    public static Task<LoadResult> RunAsync(HttpClient http, Uri url, int rate, TimeSpan duration) =>
        RunAsync(http, () => new HttpRequestMessage(HttpMethod.Get, url), rate, duration, firstByte: false);

    /// <summary>
    /// With <paramref name="firstByte"/>, latency ends at the first byte of the body (time to first token for a
    /// stream), and the rest of the body is then drained.
    /// </summary>
    public static async Task<LoadResult> RunAsync(HttpClient http, Func<HttpRequestMessage> request, int rate, TimeSpan duration, bool firstByte)
    {
        var total = (int)(rate * duration.TotalSeconds);
        var latencies = new double[total];
        var statuses = new ConcurrentDictionary<int, int>();
        var errors = 0;
        var inFlight = new List<Task>(total);
        var clock = Stopwatch.StartNew();
        var interval = 1.0 / rate;

        for (var i = 0; i < total; i++)
        {
            var scheduled = i * interval;
            var wait = scheduled - clock.Elapsed.TotalSeconds;
            if (wait > 0.002)
            {
                await Task.Delay(TimeSpan.FromSeconds(wait));
            }

            var index = i;
            inFlight.Add(Task.Run(async () =>
            {
                try
                {
                    using var message = request();
                    using var response = await http.SendAsync(message, firstByte ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead);
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                    }

                    if (firstByte)
                    {
                        await using var body = await response.Content.ReadAsStreamAsync();
                        var buffer = new byte[4096];
                        if (await body.ReadAsync(buffer) > 0)
                        {
                            latencies[index] = (clock.Elapsed.TotalSeconds - scheduled) * 1000;
                        }

                        while (await body.ReadAsync(buffer) > 0)
                        {
                        }

                        return;
                    }
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                    statuses.AddOrUpdate(0, 1, (_, n) => n + 1);
                }

                latencies[index] = (clock.Elapsed.TotalSeconds - scheduled) * 1000;
            }));
        }

        await Task.WhenAll(inFlight);
        var elapsed = clock.Elapsed;
        Array.Sort(latencies);
        return new LoadResult(rate, total, elapsed, errors, latencies, new Dictionary<int, int>(statuses));
    }
}

public sealed record LoadResult(int Rate, int Requests, TimeSpan Elapsed, int Errors, double[] SortedLatencies, Dictionary<int, int> Statuses)
{
    public double Percentile(double p) => SortedLatencies.Length == 0
        ? 0
        : SortedLatencies[Math.Min(SortedLatencies.Length - 1, (int)Math.Ceiling(p / 100 * SortedLatencies.Length) - 1)];

    public string Describe()
    {
        var statuses = string.Join(", ", Statuses.OrderBy(s => s.Key).Select(s => $"{(s.Key == 0 ? "error" : s.Key.ToString(CultureInfo.InvariantCulture))}: {s.Value}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"""
            target rate      {Rate} req/s
            achieved         {Requests / Elapsed.TotalSeconds:0} req/s ({Requests} requests in {Elapsed.TotalSeconds:0.0} s)
            statuses         {statuses}
            latency p50      {Percentile(50):0.00} ms
            latency p90      {Percentile(90):0.00} ms
            latency p99      {Percentile(99):0.00} ms
            latency p99.9    {Percentile(99.9):0.00} ms
            latency max      {SortedLatencies[^1]:0.00} ms
            """);
    }
}
