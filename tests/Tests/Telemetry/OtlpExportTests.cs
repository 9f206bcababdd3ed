using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Telemetry;

/// <summary>
/// With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, the gateway ships traces, metrics and logs over OTLP/HTTP.
/// The receiver here is a bare HTTP endpoint that records what arrives.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OtlpExportTests(ClusterFixture cluster)
{
    [Fact]
    public async Task Gateway_WithOtlpEndpoint_ExportsTracesMetricsAndLogs()
    {
        var received = new ConcurrentBag<(string Path, string Body)>();
        var receiver = WebApplication.CreateBuilder(["--urls=http://127.0.0.1:0"]);
        var collector = receiver.Build();
        collector.MapPost("/v1/{signal}", async (HttpRequest request, string signal) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            received.Add(("/v1/" + signal, Encoding.Latin1.GetString(buffer.ToArray())));
            return Results.Ok();
        });
        await collector.StartAsync();
        try
        {
            var gateway = await cluster.StartGatewayAsync(
                $"--OTEL_EXPORTER_OTLP_ENDPOINT={collector.Urls.First()}",
                "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
                "--OTEL_BSP_SCHEDULE_DELAY=100",
                "--OTEL_BLRP_SCHEDULE_DELAY=100",
                "--OTEL_METRIC_EXPORT_INTERVAL=200",
                "--Logging:LogLevel:Default=Information");
            var http = new HttpClient { BaseAddress = new Uri(gateway.Urls.First()) };
            await http.GetAsync("/api/v1/nothing-here");

            await Processes.WaitUntilAsync(() => Task.FromResult(
                new[] { "/v1/traces", "/v1/metrics", "/v1/logs" }.All(path =>
                    received.Any(r => r.Path == path && r.Body.Contains("powerautomation-gateway")))
                && received.Any(r => r.Path == "/v1/traces" && r.Body.Contains("/api/v1/nothing-here"))),
                TimeSpan.FromSeconds(20), "traces (with the request's span), metrics and logs at the OTLP receiver");
        }
        finally
        {
            await collector.StopAsync();
        }
    }
}
