using System.Net;
using System.Net.Http.Json;
using Npgsql;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Identity;

[Collection(ClusterCollection.Name)]
public sealed class RegisterTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task Register_NewEmail_CreatesUserVisibleInMeAndUsersTable()
    {
        var email = ApiClient.NewEmail("Mixed.Case");
        var userId = await _http.RegisterAsync("  " + email.ToUpperInvariant() + " ", displayName: "Ada");
        var tokens = await _http.LoginAsync(email);

        var me = await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", tokens.AccessToken))
            .Content.ReadFromJsonAsync<MeBody>();
        Assert.Equal(userId, me!.UserId);
        Assert.Equal(email.ToLowerInvariant(), me.Email);
        Assert.Equal("Ada", me.DisplayName);
        Assert.Equal(["member"], me.Roles);
        Assert.Equal("community", me.Edition);

        await using var connection = new NpgsqlConnection(cluster.PostgresConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT email_normalized FROM users WHERE user_id = @id", connection);
        query.Parameters.AddWithValue("id", userId);
        Assert.Equal(email.ToLowerInvariant(), await query.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Register_SameEmailDifferentCase_Answers409EmailTaken()
    {
        var email = ApiClient.NewEmail();
        await _http.RegisterAsync(email);

        var response = await _http.PostAsJsonAsync("/api/v1/auth/register", new { email = email.ToUpperInvariant(), password = ApiClient.Password });
        await response.AssertProblemAsync(HttpStatusCode.Conflict, "email_taken");
    }

    [Fact]
    public async Task Register_ConcurrentSameEmail_ExactlyOneSucceeds()
    {
        var email = ApiClient.NewEmail("race");
        var attempts = Enumerable.Range(0, 12)
            .Select(_ => _http.PostAsJsonAsync("/api/v1/auth/register", new { email, password = ApiClient.Password }));
        var responses = await Task.WhenAll(attempts);

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(11, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("a@b")]
    [InlineData("two@@example.com")]
    [InlineData("")]
    public async Task Register_InvalidEmail_Answers400InvalidEmail(string email)
    {
        var response = await _http.PostAsJsonAsync("/api/v1/auth/register", new { email, password = ApiClient.Password });
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_email");
    }

    [Theory]
    [InlineData("short")]
    [InlineData("aaaaaaaaaaaaaaaa")]
    public async Task Register_WeakPassword_Answers400WeakPasswordAndCreatesNothing(string password)
    {
        var email = ApiClient.NewEmail();
        var response = await _http.PostAsJsonAsync("/api/v1/auth/register", new { email, password });
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "weak_password");

        // Nothing was created: the address is still free.
        await _http.RegisterAsync(email);
    }

    [Fact]
    public async Task Register_MissingFields_Answers400()
    {
        var response = await _http.PostAsync("/api/v1/auth/register", ApiClient.RawJson("{}"));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_email");
        response = await _http.PostAsync("/api/v1/auth/register", ApiClient.RawJson($"{{\"email\":\"{ApiClient.NewEmail()}\"}}"));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "weak_password");
    }

    [Fact]
    public async Task Register_WrongTypes_Answers400InvalidJson()
    {
        var response = await _http.PostAsync("/api/v1/auth/register", ApiClient.RawJson("{\"email\": 42, \"password\": true}"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_json");
        Assert.Contains("wrong type", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Register_MalformedJson_Answers400InvalidJson()
    {
        var response = await _http.PostAsync("/api/v1/auth/register", ApiClient.RawJson("{\"email\": \"x@example.com\", "));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_json");
    }

    [Fact]
    public async Task Register_TenMegabyteBody_Answers413()
    {
        var huge = "{\"email\":\"" + new string('a', 10 * 1024 * 1024) + "@example.com\",\"password\":\"x\"}";
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/register") { Content = ApiClient.RawJson(huge) };

        // As curl does for big uploads: the server refuses on the declared length before a byte is sent.
        request.Headers.ExpectContinue = true;
        var response = await _http.SendAsync(request);
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task Register_ChunkedOversizedBody_Answers413()
    {
        var huge = "{\"email\":\"" + new string('a', 3 * 1024 * 1024) + "\"}";
        var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(huge)));
        content.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/register") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await _http.SendAsync(request);
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task Register_WrongContentType_Answers415()
    {
        var response = await _http.PostAsync("/api/v1/auth/register",
            new StringContent("email=x@example.com", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    private sealed record MeBody(Guid UserId, string Email, string DisplayName, List<string> Roles, string Edition);
}
