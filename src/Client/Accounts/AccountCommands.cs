namespace PowerAutomation.Client.Accounts;

/// <summary><c>pa whoami</c> and <c>pa logout</c>, over the credentials <c>pa login</c> saved.</summary>
public static class AccountCommands
{
    public static async Task<int> WhoamiAsync(CredentialStore store, TextWriter output, CancellationToken cancellationToken)
    {
        var saved = await store.ReadAsync(cancellationToken);
        if (saved is null)
        {
            await output.WriteLineAsync("Not logged in: run ./pa login.");
            return 1;
        }

        using var http = new HttpClient { BaseAddress = new Uri(saved.Url), Timeout = TimeSpan.FromSeconds(30) };
        var calls = new GatewayCalls(http);

        // Each refresh rotates the token: the new one is saved before anything else, or the session would be lost.
        var refreshed = await calls.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = saved.RefreshToken }, cancellationToken);
        if (!refreshed.Ok)
        {
            if (refreshed.Status == 401)
            {
                store.Delete();
                await output.WriteLineAsync($"Your session has ended ({refreshed.Code}): run ./pa login again.");
            }
            else
            {
                await output.WriteLineAsync($"error: the gateway at {saved.Url} answered {refreshed.Status}: {refreshed.Detail}");
            }

            return 1;
        }

        await store.SaveAsync(saved with { RefreshToken = refreshed.Text("refreshToken"), SavedAt = DateTimeOffset.UtcNow }, cancellationToken);
        var me = await calls.GetAsync("/api/v1/me", refreshed.Text("accessToken"), cancellationToken);
        if (!me.Ok)
        {
            await output.WriteLineAsync($"error: the profile could not be read: {me.Detail}");
            return 1;
        }

        var roles = string.Join(", ", me.Body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        await output.WriteLineAsync($"Email:        {me.Text("email")}");
        await output.WriteLineAsync($"Display name: {me.Text("displayName")}");
        await output.WriteLineAsync($"Edition:      {me.Text("edition")}");
        await output.WriteLineAsync($"Roles:        {roles}");
        await output.WriteLineAsync($"Gateway:      {saved.Url}");
        return 0;
    }

    public static async Task<int> LogoutAsync(CredentialStore store, TextWriter output, CancellationToken cancellationToken)
    {
        var saved = await store.ReadAsync(cancellationToken);
        if (saved is null)
        {
            await output.WriteLineAsync("Not logged in.");
            return 0;
        }

        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(saved.Url), Timeout = TimeSpan.FromSeconds(30) };
            var answer = await new GatewayCalls(http).PostJsonAsync("/api/v1/auth/logout", new { refreshToken = saved.RefreshToken }, cancellationToken);
            if (!answer.Ok)
            {
                await output.WriteLineAsync($"warning: the gateway answered {answer.Status} ({answer.Code}); the local credentials are removed anyway.");
            }
        }
        catch (HttpRequestException exception)
        {
            await output.WriteLineAsync($"warning: {saved.Url} cannot be reached ({exception.Message}); the local credentials are removed anyway.");
        }

        store.Delete();
        await output.WriteLineAsync("Logged out.");
        return 0;
    }
}
