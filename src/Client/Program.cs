using System.CommandLine;
using PowerAutomation.Client.Accounts;
using PowerAutomation.Client.Admin;
using PowerAutomation.Client.Cluster;
using Spectre.Console;

var email = new Option<string>("--email") { Description = "The administrator's e-mail address", Required = true };
var password = new Option<string>("--password")
{
    Description = "Password for a new account (an existing one keeps its own). Left out, it is asked for (or read from stdin "
        + "when that is not a terminal), so it never shows in the process list",
};
var bootstrap = new Command("bootstrap", "Create an administrator, or promote an existing account") { email, password };
bootstrap.SetAction(async (parse, cancellationToken) =>
{
    try
    {
        var secret = parse.GetValue(password) ?? AskPassword();
        using var host = await AnsiConsole.Status().StartAsync("Connecting to the cluster…",
            _ => EmbeddedClusterClient.StartAsync([], cancellationToken));
        var outcome = await BootstrapAdmin.RunAsync(host.Client(), parse.GetValue(email)!, secret);
        if (outcome.Created)
        {
            AnsiConsole.MarkupLineInterpolated($"[green]Created administrator[/] {parse.GetValue(email)} ({outcome.UserId})");
        }
        else
        {
            AnsiConsole.MarkupLineInterpolated($"[green]Promoted existing account[/] {parse.GetValue(email)} ({outcome.UserId}) to administrator; its password is unchanged");
        }

        await host.StopAsync(cancellationToken);
        return 0;
    }
    catch (ArgumentException exception)
    {
        AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {exception.Message}");
        return 2;
    }
});

var admin = new Command("admin", "Administrative tasks through the embedded cluster client") { bootstrap };

var url = new Option<string>("--url")
{
    Description = "The gateway (default http://127.0.0.1:$PA_HTTP_PORT)",
    DefaultValueFactory = _ => "http://127.0.0.1:" + (Environment.GetEnvironmentVariable("PA_HTTP_PORT") is { Length: > 0 } port ? port : "8080"),
};
var login = new Command("login", "Sign this machine in through the browser (device authorization)") { url };
login.SetAction((parse, cancellationToken) =>
    Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var gateway) && gateway.Scheme is "http" or "https"
        ? Accounts(() => DeviceLogin.RunAsync(gateway, CredentialStore.Default(), Console.Out, cancellationToken), parse.GetValue(url)!)
        : Task.FromResult(Usage($"--url must be an http(s) URL, not '{parse.GetValue(url)}'.")));
var whoami = new Command("whoami", "Show who this machine is signed in as");
whoami.SetAction((_, cancellationToken) => Accounts(() => AccountCommands.WhoamiAsync(CredentialStore.Default(), Console.Out, cancellationToken), null));
var logout = new Command("logout", "End this machine's session and forget its credentials");
logout.SetAction((_, cancellationToken) => Accounts(() => AccountCommands.LogoutAsync(CredentialStore.Default(), Console.Out, cancellationToken), null));

var root = new RootCommand("PowerAutomation cluster client") { admin, login, whoami, logout };
return await root.Parse(args).InvokeAsync();

// The password when not given: a hidden prompt on a terminal, otherwise the first line of stdin (a pipe or a file).
static string AskPassword()
{
    if (!Console.IsInputRedirected)
    {
        return AnsiConsole.Prompt(new TextPrompt<string>("Password for the administrator:").Secret());
    }

    return Console.In.ReadLine() is { Length: > 0 } line ? line : throw new ArgumentException("no password on stdin and no --password given");
}

// The account commands talk to a gateway over HTTP: an unreachable one is a message, not a stack trace.
static async Task<int> Accounts(Func<Task<int>> command, string? gateway)
{
    try
    {
        return await command();
    }
    catch (HttpRequestException exception)
    {
        Console.Error.WriteLine($"error: the gateway{(gateway is null ? "" : " at " + gateway)} cannot be reached: {exception.Message}");
        return 1;
    }
    catch (OperationCanceledException)
    {
        Console.Error.WriteLine("Cancelled (or the gateway did not answer in time).");
        return 130;
    }
}

static int Usage(string message)
{
    Console.Error.WriteLine($"error: {message}");
    return 2;
}
