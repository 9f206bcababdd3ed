using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PowerAutomation.Grains.Identity;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Identity;

/// <summary>
/// A cluster whose silo counts password verifications, with a small per-account allowance and an address
/// allowance so large that this class's failures never throttle by address.
/// </summary>
public sealed class PasswordCountingClusterFixture : ClusterFixture
{
    public const int AccountFailuresAllowed = 3;

    public CountingPasswordHashing Passwords { get; } = new(new Pbkdf2PasswordHashing());

    protected override string[] SiloArguments() =>
        [$"--Accounts:AccountFailuresAllowed={AccountFailuresAllowed}", "--Accounts:AddressFailuresAllowed=100000"];

    protected override void ConfigureSiloServices(IServiceCollection services) => services.AddSingleton<IPasswordHashing>(Passwords);
}

/// <summary>What password checks cost is decided by structure, not measured: the number of verifications.</summary>
public sealed class PasswordVerificationTests(PasswordCountingClusterFixture cluster) : IClassFixture<PasswordCountingClusterFixture>
{
    private const int Allowed = PasswordCountingClusterFixture.AccountFailuresAllowed;

    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task Login_ConcurrentWrongPasswords_VerifyAtMostTheAllowanceAndRefuseTheRestWith429()
    {
        var email = ApiClient.NewEmail("race");
        await _http.RegisterAsync(email);
        var wrong = "wrong password " + Guid.NewGuid();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10)
            .Select(_ => _http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = wrong })));

        Assert.Equal(Allowed, cluster.Passwords.VerificationsOf(wrong));
        Assert.Equal(Allowed, responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Unauthorized))
        {
            await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_attempts");
        }

        // The next attempt, even with the right password, waits too.
        var locked = await _http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = ApiClient.Password });
        await locked.AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_attempts");
    }

    [Fact]
    public async Task Login_RightPasswordAfterFailures_GivesItsReservationBack()
    {
        var email = ApiClient.NewEmail("recover");
        await _http.RegisterAsync(email);
        for (var i = 0; i < Allowed - 1; i++)
        {
            await (await _http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "wrong password " + i }))
                .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        // A success forgets the account's failures, so a full allowance is available again.
        await _http.LoginAsync(email);
        for (var i = 0; i < Allowed; i++)
        {
            await (await _http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "wrong again " + i }))
                .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        await (await _http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "one too many" }))
            .AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_attempts");
    }

    [Theory]
    [InlineData(300)]
    [InlineData(20)]
    [InlineData(1)]
    public async Task Login_WrongPasswordForRealAndUnknownAccount_VerifiesExactlyOnceEither(int length)
    {
        var email = ApiClient.NewEmail("real");
        await _http.RegisterAsync(email);
        var forReal = Unique('r', length);
        var forUnknown = Unique('u', length);
        var before = (cluster.Passwords.VerificationsOf(forReal), cluster.Passwords.VerificationsOf(forUnknown));

        var real = await _http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = forReal });
        var unknown = await _http.PostAsJsonAsync("/api/v1/auth/login", new { email = ApiClient.NewEmail("nobody"), password = forUnknown });

        await real.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        await unknown.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal((before.Item1 + 1, before.Item2 + 1), (cluster.Passwords.VerificationsOf(forReal), cluster.Passwords.VerificationsOf(forUnknown)));
    }

    [Fact]
    public async Task Login_AccountALicenceMadeForAnUnknownBuyer_VerifiesOnceAndRefuses()
    {
        var admin = await cluster.AdminTokenAsync();
        var email = ApiClient.NewEmail("buyer");
        await _http.IssueLicenseAsync(admin, email);
        var guess = Unique('g', 30);

        var response = await _http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = guess });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal(1, cluster.Passwords.VerificationsOf(guess));
    }

    /// <summary>A password of exactly <paramref name="length"/> characters no other test sends.</summary>
    // Starts with the fill character, so two passwords made with different fills differ even at length 1 (a bare
    // one-character slice of a guid matched the other path's one time in 16).
    private static string Unique(char fill, int length)
    {
        var id = fill + Guid.NewGuid().ToString("N");
        return length <= id.Length ? id[..length] : id + new string(fill, length - id.Length);
    }
}
