namespace PowerAutomation.Client.Accounts;

/// <summary>
/// <c>pa login</c>: the device flow of RFC 8628. Asks the gateway for a code, tells the person where to enter it,
/// polls at the interval the gateway gives (5 s more after each <c>slow_down</c>), then keeps the refresh token.
/// </summary>
public static class DeviceLogin
{
    public const string ClientId = "pa-cli";

    private const string GrantType = "urn:ietf:params:oauth:grant-type:device_code";

    public static async Task<int> RunAsync(Uri gateway, CredentialStore store, TextWriter output, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
        var calls = new GatewayCalls(http);
        var started = await calls.PostFormAsync("/api/v1/auth/device",
            [new("client_id", ClientId), new("device_name", $"pa CLI on {Environment.MachineName}")], cancellationToken);
        if (!started.Ok)
        {
            await output.WriteLineAsync($"error: the gateway refused to start a sign-in: {started.Detail}");
            return 1;
        }

        var deviceCode = started.Text("device_code");
        var interval = TimeSpan.FromSeconds(Math.Max(1, started.Number("interval", 5)));
        await output.WriteLineAsync($"To sign in, open {started.Text("verification_uri")} and enter the code: {started.Text("user_code")}");
        await output.WriteLineAsync($"Or open: {started.Text("verification_uri_complete")}");
        await output.WriteLineAsync($"Waiting for approval (the code expires in {(started.Number("expires_in", 600) + 59) / 60} min)…");

        while (true)
        {
            await Task.Delay(interval, cancellationToken);
            var poll = await calls.PostFormAsync("/api/v1/auth/device/token",
                [new("grant_type", GrantType), new("device_code", deviceCode), new("client_id", ClientId)], cancellationToken);
            if (poll.Ok)
            {
                return await SignedInAsync(gateway, poll, calls, store, output, cancellationToken);
            }

            switch (poll.Code)
            {
                case "authorization_pending":
                    continue;
                case "slow_down":
                    interval = TimeSpan.FromSeconds(Math.Max(interval.TotalSeconds + 5, poll.Number("interval", 0)));
                    continue;
                case "access_denied":
                    await output.WriteLineAsync("The sign-in was denied in the browser.");
                    return 1;
                case "expired_token":
                    await output.WriteLineAsync("The code expired before it was approved; run ./pa login again.");
                    return 1;
                default:
                    await output.WriteLineAsync($"error: sign-in failed: {poll.Detail}");
                    return 1;
            }
        }
    }

    private static async Task<int> SignedInAsync(Uri gateway, GatewayCalls.Answer tokens, GatewayCalls calls, CredentialStore store,
        TextWriter output, CancellationToken cancellationToken)
    {
        var me = await calls.GetAsync("/api/v1/me", tokens.Text("access_token"), cancellationToken);
        if (!me.Ok)
        {
            await output.WriteLineAsync($"error: signed in, but the profile could not be read: {me.Detail}");
            return 1;
        }

        var credentials = new Credentials(gateway.ToString().TrimEnd('/'), tokens.Text("refresh_token"), me.Text("email"),
            me.Text("displayName"), me.Body.GetProperty("userId").GetGuid(), DateTimeOffset.UtcNow);
        await store.SaveAsync(credentials, cancellationToken);
        await output.WriteLineAsync($"Signed in as {credentials.Email}. Credentials saved to {store.Path}");
        return 0;
    }
}
