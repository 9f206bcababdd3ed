using System.Net.Http.Json;
using System.Text.Json.Nodes;

/// <summary>
/// `schedule` mode: N every-minute schedules (20 per workflow, the bound) fire by themselves for a while; then every
/// run they started is read back and the lateness of each fire (its scheduled minute → when the tick fired it, and →
/// when the run was created) is reported, with fires missing and fires doubled (one trigger, one minute, two runs).
/// </summary>
internal static class ScheduleLateness
{
    private const int TriggersPerWorkflow = 20;

    public static async Task<int> RunAsync(HttpClient http, double seconds, int schedules)
    {
        var triggers = new List<Guid>();
        var workflows = new List<Guid>();
        for (var w = 0; w * TriggersPerWorkflow < schedules; w++)
        {
            var created = await http.PostAsJsonAsync("/api/v1/workflows", new
            {
                name = $"scheduled {w}", steps = new object[] { new { id = "echo", type = "transform", input = new { value = "{{input}}" } } },
            });
            created.EnsureSuccessStatusCode();
            var workflowId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["workflowId"]!.GetValue<Guid>();
            workflows.Add(workflowId);
            for (var t = 0; t < TriggersPerWorkflow && triggers.Count < schedules; t++)
            {
                var trigger = await http.PostAsJsonAsync($"/api/v1/workflows/{workflowId}/triggers", new { type = "schedule", cron = "* * * * *" });
                trigger.EnsureSuccessStatusCode();
                triggers.Add((await trigger.Content.ReadFromJsonAsync<JsonObject>())!["triggerId"]!.GetValue<Guid>());
            }
        }

        var armed = DateTimeOffset.UtcNow;
        Console.WriteLine($"{triggers.Count} every-minute schedules on {workflows.Count} workflows; watching for {seconds:0} s");
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var stopped = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(triggers, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (id, token) => await http.DeleteAsync($"/api/v1/triggers/{id}", token));

        var runIds = new List<Guid>();
        foreach (var workflowId in workflows)
        {
            string? cursor = null;
            do
            {
                var page = await http.GetFromJsonAsync<JsonObject>($"/api/v1/runs?workflowId={workflowId}&limit=200" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
                runIds.AddRange(page!["items"]!.AsArray().Select(r => r!["runId"]!.GetValue<Guid>()));
                cursor = page["nextCursor"]?.GetValue<string>();
            }
            while (cursor is not null);
        }

        var fires = new System.Collections.Concurrent.ConcurrentBag<(Guid Trigger, DateTimeOffset Scheduled, double TickMs, double StartMs)>();
        await Parallel.ForEachAsync(runIds, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (runId, token) =>
        {
            var run = await http.GetFromJsonAsync<JsonObject>($"/api/v1/runs/{runId}?wait=10", token);
            if (run?["output"] is not JsonObject output)
            {
                return;
            }

            var scheduled = output["scheduledAt"]!.GetValue<DateTimeOffset>();
            fires.Add((output["triggerId"]!.GetValue<Guid>(), scheduled,
                (output["firedAt"]!.GetValue<DateTimeOffset>() - scheduled).TotalMilliseconds,
                (run["createdAt"]!.GetValue<DateTimeOffset>() - scheduled).TotalMilliseconds));
        });

        // Minutes wholly inside the watch (a schedule created mid-minute first fires at the next one).
        var firstMinute = new DateTimeOffset(armed.Year, armed.Month, armed.Day, armed.Hour, armed.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        var minutes = 0;
        for (var m = firstMinute; m.AddSeconds(5) <= stopped; m = m.AddMinutes(1))
        {
            minutes++;
        }

        var inWindow = fires.Where(f => f.Scheduled >= firstMinute && f.Scheduled.AddSeconds(5) <= stopped).ToList();
        var doubled = inWindow.GroupBy(f => (f.Trigger, f.Scheduled)).Sum(g => g.Count() - 1);
        var expected = minutes * triggers.Count;
        var tick = inWindow.Select(f => f.TickMs).Order().ToArray();
        var start = inWindow.Select(f => f.StartMs).Order().ToArray();
        static double P(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * q))];
        Console.WriteLine($"fires in {minutes} whole minute(s): {inWindow.Count} of {expected} expected, {doubled} doubled, {Math.Max(0, expected - (inWindow.Count - doubled))} missing");
        Console.WriteLine($"tick lateness   p50 {P(tick, 0.5):0} ms   p95 {P(tick, 0.95):0} ms   p99 {P(tick, 0.99):0} ms   max {(tick.Length > 0 ? tick[^1] : double.NaN):0} ms   (scheduled minute → the tick that fired it)");
        Console.WriteLine($"run start       p50 {P(start, 0.5):0} ms   p95 {P(start, 0.95):0} ms   p99 {P(start, 0.99):0} ms   (scheduled minute → run created)");
        return doubled == 0 && inWindow.Count - doubled >= expected ? 0 : 1;
    }
}
