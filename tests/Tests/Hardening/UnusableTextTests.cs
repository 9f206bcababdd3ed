using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Hardening;

/// <summary>
/// Strings no component can keep (an unpaired surrogate escape, U+0000) are a 400 <c>invalid_json</c> at the edge
/// on every endpoint, and change nothing; they used to be 500s deep inside (issue 11, item 7).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class UnusableTextTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Theory]
    [InlineData("/v1/chat/completions", """{"model":"m","messages":[{"role":"user","content":"hi \ud800"}]}""")]
    [InlineData("/v1/messages", """{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"\udc00"}]}""")]
    [InlineData("/v1/embeddings", """{"model":"all-minilm-l6-v2","input":["ok","\ud83d"]}""")]
    public async Task AiEndpoints_LoneSurrogate_Answer400InTheVendorShape(string path, string body)
    {
        var (_, tokens) = await _http.RegisterAndLoginAsync();
        var request = ApiClient.Authorized(HttpMethod.Post, path, tokens.AccessToken);
        request.Content = ApiClient.RawJson(body);

        var response = await _http.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
        Assert.Equal("invalid_json", error.GetProperty("code").GetString());
        var quota = await QuotaAsync(tokens.AccessToken);
        Assert.Equal(0, quota["ai_requests"]);
    }

    [Fact]
    public async Task Workflows_LoneSurrogate_Answers400AndSavesNothing()
    {
        var (_, tokens) = await _http.RegisterAndLoginAsync();
        var request = ApiClient.Authorized(HttpMethod.Post, "/api/v1/workflows", tokens.AccessToken);
        request.Content = ApiClient.RawJson("""{"name":"w\ud800","steps":[{"id":"a","type":"transform","input":{"value":"\udfff"}}]}""");

        var response = await _http.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_json");
    }

    [Fact]
    public async Task Register_NulInDisplayName_Answers400AndCreatesNoAccount()
    {
        var email = ApiClient.NewEmail();
        var response = await _http.PostAsync("/api/v1/auth/register",
            ApiClient.RawJson($$"""{"email":"{{email}}","password":"{{ApiClient.Password}}","displayName":"Eve\u0000"}"""));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_json");
        Assert.Contains("displayName", problem.GetProperty("detail").GetString());
        var login = await _http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = ApiClient.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Fact]
    public async Task Documents_NulInContent_Answers400AndCreatesNoDocument()
    {
        var (_, tokens) = await _http.RegisterAndLoginAsync();
        var created = await _http.SendAsync(ApiClient.Authorized(HttpMethod.Post, "/api/v1/projects", tokens.AccessToken, new { name = "p" }));
        var projectId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("projectId").GetString();
        var request = ApiClient.Authorized(HttpMethod.Post, $"/api/v1/projects/{projectId}/documents", tokens.AccessToken);
        request.Content = ApiClient.RawJson("""{"path":"a.txt","content":"x\u0000y"}""");

        await (await _http.SendAsync(request)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_json");

        var list = await _http.SendAsync(ApiClient.Authorized(HttpMethod.Get, $"/api/v1/projects/{projectId}/documents", tokens.AccessToken));
        Assert.Equal(0, (await list.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
    }

    private async Task<Dictionary<string, long>> QuotaAsync(string token)
    {
        var response = await _http.SendAsync(ApiClient.Authorized(HttpMethod.Get, "/api/v1/me/quota", token));
        var items = await response.Content.ReadFromJsonAsync<JsonElement>();
        return items.EnumerateArray().ToDictionary(i => i.GetProperty("kind").GetString()!, i => i.GetProperty("used").GetInt64());
    }
}
