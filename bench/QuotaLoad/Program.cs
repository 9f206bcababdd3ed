using System.Diagnostics;
using System.Globalization;
using PowerAutomation.Client.Cluster;
using PowerAutomation.Grains.Abstractions.Licensing;
using PowerAutomation.Grains.Abstractions.Quotas;

// Quota decisions per second against a running cluster, through the embedded client (no HTTP in the way), and
// overshoot under concurrency. usage: QuotaLoad [seconds=10] [principals=16] [concurrency=256]
var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var principals = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 256;

using var host = await EmbeddedClusterClient.StartAsync([], CancellationToken.None);
var cluster = host.Client();
var run = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

Console.WriteLine($"issuing {principals} licences with unlimited-in-practice allowances …");
var users = await Task.WhenAll(Enumerable.Range(0, principals).Select(async i =>
{
    var issued = await cluster.GetGrain<ILicenseGrain>(Guid.NewGuid().ToString("N")).Issue(new LicenseIssue(
        $"quota-bench-{run}-{i}@example.com", Editions.Enterprise, DateTimeOffset.UtcNow.AddDays(1), 1, [],
        new QuotaLimits(AiRequestsPerDay: 1_000_000_000, AiTokensPerDay: 1_000_000_000_000, RequestsPerMinute: 1_000_000_000), "bench"));
    return issued.OwnerId;
}));

foreach (var kind in new[] { QuotaKinds.RequestsPerMinute, QuotaKinds.AiTokens })
{
    var grains = users.Select(u => cluster.GetGrain<IQuotaGrain>(QuotaKeys.ForUser(u))).ToArray();
    await Task.WhenAll(grains.Select(g => g.Consume(kind, 1)));
    long decisions = 0;
    var latencies = new List<double>[concurrency];
    var clock = Stopwatch.StartNew();
    var end = TimeSpan.FromSeconds(seconds);
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
    {
        var mine = latencies[worker] = [];
        var grain = grains[worker % grains.Length];
        while (clock.Elapsed < end)
        {
            var start = clock.Elapsed;
            await grain.Consume(kind, 1);
            mine.Add((clock.Elapsed - start).TotalMilliseconds);
            Interlocked.Increment(ref decisions);
        }
    })));
    var all = latencies.SelectMany(l => l).Order().ToArray();
    Console.WriteLine($"{kind,-20} {decisions / clock.Elapsed.TotalSeconds,10:N0} decisions/s   p50 {all[all.Length / 2]:0.00} ms   p99 {all[(int)(all.Length * 0.99)]:0.00} ms   ({principals} principals, {concurrency} in flight)");
}

// Overshoot: N racing consumes against an allowance of K must grant exactly K.
const int K = 1000, N = 5000;
var capped = await cluster.GetGrain<ILicenseGrain>(Guid.NewGuid().ToString("N")).Issue(new LicenseIssue(
    $"quota-bench-{run}-capped@example.com", Editions.Enterprise, DateTimeOffset.UtcNow.AddDays(1), 1, [],
    new QuotaLimits(AiRequestsPerDay: K), "bench"));
var target = cluster.GetGrain<IQuotaGrain>(QuotaKeys.ForUser(capped.OwnerId));
var results = await Task.WhenAll(Enumerable.Range(0, N).Select(_ => target.Consume(QuotaKinds.AiRequests, 1)));
var granted = results.Count(r => r.Allowed);
Console.WriteLine($"overshoot            {granted - K} ({granted} of {N} concurrent consumes granted against an allowance of {K})");
await host.StopAsync();
return granted == K ? 0 : 1;
