using System.CommandLine;
using PowerAutomation.Client.Admin;
using PowerAutomation.Client.Cluster;
using Spectre.Console;

var email = new Option<string>("--email") { Description = "The administrator's e-mail address", Required = true };
var password = new Option<string>("--password") { Description = "Password for a new account (an existing one keeps its own)", Required = true };
var bootstrap = new Command("bootstrap", "Create an administrator, or promote an existing account") { email, password };
bootstrap.SetAction(async (parse, cancellationToken) =>
{
    try
    {
        using var host = await AnsiConsole.Status().StartAsync("Connecting to the cluster…",
            _ => EmbeddedClusterClient.StartAsync([], cancellationToken));
        var outcome = await BootstrapAdmin.RunAsync(host.Client(), parse.GetValue(email)!, parse.GetValue(password)!);
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
var root = new RootCommand("PowerAutomation cluster client") { admin };
return await root.Parse(args).InvokeAsync();
