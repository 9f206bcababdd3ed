using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Workflows;

/// <summary>One request the fake target received.</summary>
public sealed record TargetHit(string Method, string Path, string? IdempotencyKey, string Body)
{
    /// <summary>The request's headers, by lower-case name (values joined with ", ").</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// The other end of <c>http.request</c> steps: a real Kestrel server on loopback that records every request with its
/// <c>Idempotency-Key</c> and headers, answers JSON (echoing the body it got, and an <c>X-Echo</c> header), and can be told to fail a path a number of times or hold its answers.
/// </summary>
public sealed class FakeHttpTarget : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _failuresLeft = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holds = new();
    private readonly ConcurrentDictionary<string, (string ContentType, byte[] Body)> _answers = new();

    private FakeHttpTarget(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public ConcurrentQueue<TargetHit> Hits { get; } = new();

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    public static async Task<FakeHttpTarget> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var target = new FakeHttpTarget(app, port);
        app.Run(target.HandleAsync);
        await app.StartAsync();
        return target;
    }

    /// <summary>The next <paramref name="times"/> requests to the path answer <paramref name="status"/>.</summary>
    public void FailNext(string path, int times) => _failuresLeft[path] = times;

    /// <summary>Requests to the path answer 200 with exactly these bytes.</summary>
    public void Answer(string path, string contentType, byte[] body) => _answers[path] = (contentType, body);

    /// <summary>Requests to the path wait until <see cref="Release"/>.</summary>
    public void Hold(string path) => _holds[path] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release(string path)
    {
        if (_holds.TryRemove(path, out var hold))
        {
            hold.TrySetResult();
        }
    }

    public IReadOnlyList<TargetHit> HitsOn(string path) => Hits.Where(h => h.Path == path).ToList();

    public async ValueTask DisposeAsync()
    {
        foreach (var path in _holds.Keys)
        {
            Release(path);
        }

        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "/";
        var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
        Hits.Enqueue(new TargetHit(http.Request.Method, path, http.Request.Headers["Idempotency-Key"].FirstOrDefault(), body)
        {
            Headers = http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
        });
        if (_holds.TryGetValue(path, out var hold))
        {
            await Task.WhenAny(hold.Task, Task.Delay(Timeout.Infinite, http.RequestAborted));
            if (http.RequestAborted.IsCancellationRequested)
            {
                return;
            }
        }

        if (_failuresLeft.TryGetValue(path, out var left) && left > 0 && _failuresLeft.TryUpdate(path, left - 1, left))
        {
            http.Response.StatusCode = 503;
            await http.Response.WriteAsync("try later");
            return;
        }

        if (_answers.TryGetValue(path, out var answer))
        {
            http.Response.ContentType = answer.ContentType;
            await http.Response.Body.WriteAsync(answer.Body);
            return;
        }

        http.Response.Headers["X-Fake"] = "yes";
        if (http.Request.Headers.TryGetValue("X-Echo", out var echo))
        {
            http.Response.Headers["X-Echo"] = echo; // What the request's X-Echo said, as a careless API would.
        }

        await http.Response.WriteAsJsonAsync(new { path, method = http.Request.Method, received = body, greeting = "hello from the target" });
    }
}
