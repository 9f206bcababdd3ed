using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace PowerAutomation.LiveLoad;

/// <summary>
/// Ack latency per operation, and broadcast latency per (operation, receiver): the time from the author sending
/// the operation to another editor receiving it, matched by document and revision.
/// </summary>
public sealed class LatencyRecorder
{
    private readonly ConcurrentBag<double> _acks = [];
    private readonly ConcurrentDictionary<(Guid, int), long> _sentAt = new();
    private readonly ConcurrentBag<((Guid, int) Key, long At)> _receipts = [];

    public void Acked(Guid document, int revision, long sentAt, long ackedAt)
    {
        _acks.Add(Stopwatch.GetElapsedTime(sentAt, ackedAt).TotalMilliseconds);
        _sentAt[(document, revision)] = sentAt;
    }

    public void Received(Guid document, int revision, long at) => _receipts.Add(((document, revision), at));

    public string Describe(int documents, int perDocument, double rate, double seconds, int skipped, int errors)
    {
        var acks = _acks.Order().ToArray();
        var broadcasts = _receipts.Where(r => _sentAt.ContainsKey(r.Key))
            .Select(r => Stopwatch.GetElapsedTime(_sentAt[r.Key], r.At).TotalMilliseconds).Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture, $"""
            editors            {documents * perDocument} ({documents} documents × {perDocument}), {rate} operations/s each, {seconds:0} s
            operations acked   {acks.Length} ({acks.Length / seconds:0}/s); skipped while one was in flight: {skipped}; errors: {errors}
            ack latency        p50 {P(acks, 50):0.0} ms   p99 {P(acks, 99):0.0} ms   max {P(acks, 100):0.0} ms
            broadcasts         {broadcasts.Length} ({broadcasts.Length / seconds:0}/s)
            broadcast latency  p50 {P(broadcasts, 50):0.0} ms   p99 {P(broadcasts, 99):0.0} ms   max {P(broadcasts, 100):0.0} ms
            """);
    }

    private static double P(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
