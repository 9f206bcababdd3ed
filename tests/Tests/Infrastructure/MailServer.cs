using System.Buffers;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace PowerAutomation.Tests.Infrastructure;

/// <summary>
/// A real SMTP server (the SmtpServer package) on a loopback port that keeps every message it receives, parsed with
/// MimeKit. <see cref="Shared"/> is the one every <see cref="ClusterFixture"/> silo sends to; tests that need their
/// own (an SMTP server that comes up late) start one with <see cref="StartAsync"/>. Waiting is signalled by each
/// arrival, bounded by a timeout, never a sleep.
/// </summary>
public sealed partial class MailServer : IAsyncDisposable
{
    private static readonly Lazy<Task<MailServer>> SharedServer = new(() => StartAsync());

    private readonly List<MimeMessage> _messages = [];
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _arrived = NewSignal();
    private Task _running = Task.CompletedTask;
    private WebApplication? _view;

    private MailServer(int port) => Port = port;

    public int Port { get; }

    /// <summary>The server of this test run, started on first use.</summary>
    public static Task<MailServer> Shared => SharedServer.Value;

    /// <summary>Settings that make a silo send its mail here.</summary>
    public string[] SiloArguments() =>
    [
        "--Email:Smtp:Host=127.0.0.1",
        $"--Email:Smtp:Port={Port}",
        "--Email:Smtp:StartTls=false",
    ];

    public static async Task<MailServer> StartAsync(int? port = null)
    {
        var server = new MailServer(port ?? FreePort.Next());
        var options = new SmtpServerOptionsBuilder()
            .ServerName("pa-test-smtp")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, server.Port)))
            .Build();
        var services = new ServiceProvider();
        services.Add(new CapturingStore(server));
        var smtp = new SmtpServer.SmtpServer(options, services);
        server._running = smtp.StartAsync(server._stop.Token);

        // StartAsync binds before it first yields; a connection that fails now means the port was not ours.
        await Processes.WaitUntilAsync(async () =>
        {
            using var client = new System.Net.Sockets.TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, server.Port);
            return true;
        }, TimeSpan.FromSeconds(10), $"the test SMTP server on port {server.Port}");
        return server;
    }

    public IReadOnlyList<MimeMessage> MessagesTo(string address)
    {
        lock (_messages)
        {
            return _messages.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();
        }
    }

    /// <summary>The first message to <paramref name="to"/> (of <paramref name="kind"/>, when given) after <paramref name="skip"/> such.</summary>
    public async Task<MimeMessage> WaitForMailAsync(string to, string? kind = null, int skip = 0, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            Task arrived;
            lock (_messages)
            {
                var matching = MessagesTo(to).Where(m => kind is null || KindOf(m) == kind).Skip(skip).FirstOrDefault();
                if (matching is not null)
                {
                    return matching;
                }

                arrived = _arrived.Task;
            }

            try
            {
                await arrived.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No {kind ?? "mail"} #{skip + 1} to {to} reached the test SMTP server on port {Port}.");
            }
        }
    }

    public static string? KindOf(MimeMessage message) => message.Headers["X-PowerAutomation-Kind"];

    /// <summary>The token of the app link in the mail's text part (<c>…?token=…</c>).</summary>
    public static string TokenIn(MimeMessage message)
    {
        var match = TokenLink().Match(message.TextBody ?? "");
        Assert.True(match.Success, $"No link with a token in: {message.TextBody}");
        return Uri.UnescapeDataString(match.Groups[1].Value);
    }

    /// <summary>
    /// An HTTP view for tests outside this process (the browser tests): <c>GET /messages?to=</c> answers the messages
    /// to that address in arrival order as <c>[{to, subject, kind, text, html}]</c>.
    /// </summary>
    public async Task<Uri> StartHttpViewAsync()
    {
        if (_view is null)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseSetting("urls", "http://127.0.0.1:0");
            var view = builder.Build();
            view.MapGet("/messages", (string to) => Results.Json(MessagesTo(to).Select(m => new
            {
                to = m.To.Mailboxes.First().Address,
                subject = m.Subject,
                kind = KindOf(m),
                text = m.TextBody,
                html = m.HtmlBody,
            }).ToList()));
            await view.StartAsync();
            _view = view;
        }

        return new Uri(_view.Urls.First());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        if (_view is not null)
        {
            await _view.DisposeAsync();
        }
    }

    private void Add(MimeMessage message)
    {
        lock (_messages)
        {
            _messages.Add(message);
            var arrived = _arrived;
            _arrived = NewSignal();
            arrived.TrySetResult();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [GeneratedRegex(@"\?token=([A-Za-z0-9._~%-]+)")]
    private static partial Regex TokenLink();

    private sealed class CapturingStore(MailServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            server.Add(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
