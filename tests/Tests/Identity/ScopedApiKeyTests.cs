using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Tests.Documents;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Identity;

/// <summary>API.md "AI, wave 2": a key used outside its scopes is 403 <c>insufficient_scope</c>; keys without scopes work as before.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ScopedApiKeyTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task DocumentsReadKey_ReadsDocuments_ButIsRefusedWritesAndAi()
    {
        var (token, documentId, projectId) = await cluster.CreateDocumentAsync(_http, "hello");
        var key = (await _http.CreateScopedKeyAsync(token, "documents:read")).ApiKey;

        Assert.Equal(HttpStatusCode.OK, (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/documents/{documentId}", key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/projects/{projectId}/documents", key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/projects", key)).StatusCode);

        var submit = await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/documents/{documentId}/operations", key,
            new { revision = 0, operation = new object[] { 5, "!" } });
        var problem = await submit.AssertInsufficientScopeAsync();
        Assert.Contains("documents:write", problem.GetProperty("detail").GetString());
        Assert.Contains("scope=\"documents:write\"", submit.Headers.WwwAuthenticate.ToString());
        await (await _http.SendAuthorizedAsync(HttpMethod.Patch, $"/api/v1/documents/{documentId}", key, new { path = "moved.txt" }))
            .AssertInsufficientScopeAsync();
        await (await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/projects", key, new { name = "p" })).AssertInsufficientScopeAsync();
        Assert.Equal(("hello", 0), await _http.ReadDocumentAsync(token, documentId));

        // The vendor surface answers in the vendor's error shape, with the same code.
        var chat = await _http.SendAuthorizedAsync(HttpMethod.Post, "/v1/chat/completions", key,
            new { model = "any", messages = new[] { new { role = "user", content = "hi" } } });
        Assert.Equal(HttpStatusCode.Forbidden, chat.StatusCode);
        var error = (await chat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("insufficient_scope", error.GetProperty("code").GetString());
        Assert.Equal("permission_error", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task AiKey_UsesTheVendorSurface_ButIsRefusedDocumentsAndWorkflows()
    {
        var (token, documentId, _) = await cluster.CreateDocumentAsync(_http, "hello");
        var key = (await _http.CreateScopedKeyAsync(token, "ai")).ApiKey;

        Assert.Equal(HttpStatusCode.OK, (await _http.SendAuthorizedAsync(HttpMethod.Get, "/v1/models", key)).StatusCode);
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/documents/{documentId}", key)).AssertInsufficientScopeAsync();
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/projects", key)).AssertInsufficientScopeAsync();
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/workflows", key)).AssertInsufficientScopeAsync();
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/documents/{documentId}/live?session=s", key)).AssertInsufficientScopeAsync();
    }

    [Fact]
    public async Task DocumentsWriteKey_EditsAndReads_ButCannotShareTheProject()
    {
        var (token, documentId, projectId) = await cluster.CreateDocumentAsync(_http, "hello");
        var key = (await _http.CreateScopedKeyAsync(token, "documents:write")).ApiKey;

        var submit = await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/documents/{documentId}/operations", key,
            new { revision = 0, operation = new object[] { 5, "!" } });
        Assert.Equal(HttpStatusCode.OK, submit.StatusCode);
        Assert.Equal(("hello!", 1), await _http.ReadDocumentAsync(key, documentId));

        await (await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/projects/{projectId}/members", key,
            new { email = ApiClient.NewEmail("invitee"), role = "editor" })).AssertInsufficientScopeAsync();
        var models = await _http.SendAuthorizedAsync(HttpMethod.Get, "/v1/models", key);
        Assert.Equal(HttpStatusCode.Forbidden, models.StatusCode);
        Assert.Equal("insufficient_scope", (await models.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task UnscopedKey_WorksEverywhereAsBefore()
    {
        var (token, documentId, projectId) = await cluster.CreateDocumentAsync(_http, "hello");
        var key = await _http.CreateApiKeyAsync(token, new { name = "everything" });
        Assert.True(key.Body.GetProperty("fullAccess").GetBoolean());
        Assert.Empty(key.Body.GetProperty("scopes").EnumerateArray());

        Assert.Equal(HttpStatusCode.OK, (await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/documents/{documentId}/operations", key.ApiKey,
            new { revision = 0, operation = new object[] { 5, "!" } })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/projects/{projectId}/members", key.ApiKey,
            new { email = ApiClient.NewEmail("invitee"), role = "viewer" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAuthorizedAsync(HttpMethod.Get, "/v1/models", key.ApiKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/workflows", key.ApiKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me/sessions", key.ApiKey)).StatusCode);
        var another = await _http.CreateApiKeyAsync(key.ApiKey, new { name = "made by a key" });
        Assert.Equal(HttpStatusCode.NoContent,
            (await _http.SendAuthorizedAsync(HttpMethod.Delete, $"/api/v1/me/api-keys/{another.KeyId}", key.ApiKey)).StatusCode);
    }

    [Fact]
    public async Task ScopedKey_CannotManageKeysSessionsOrTheAccount_ButMayAskWhoItIs()
    {
        var (_, tokens) = await _http.RegisterAndLoginAsync();
        var key = await _http.CreateScopedKeyAsync(tokens.AccessToken, "ai", "documents:write", "workflows");

        await (await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/api-keys", key.ApiKey, new { name = "escalated" })).AssertInsufficientScopeAsync();
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me/api-keys", key.ApiKey)).AssertInsufficientScopeAsync();
        await (await _http.SendAuthorizedAsync(HttpMethod.Delete, $"/api/v1/me/api-keys/{key.KeyId}", key.ApiKey)).AssertInsufficientScopeAsync();
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me/sessions", key.ApiKey)).AssertInsufficientScopeAsync();
        await (await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/password", key.ApiKey,
            new { currentPassword = ApiClient.Password, newPassword = "another long passphrase 42" })).AssertInsufficientScopeAsync();
        await (await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/mfa/totp", key.ApiKey)).AssertInsufficientScopeAsync();

        Assert.Equal(HttpStatusCode.OK, (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", key.ApiKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me/quota", key.ApiKey)).StatusCode);
        Assert.Single((await _http.ListApiKeysAsync(tokens.AccessToken)).EnumerateArray());
    }

    [Fact]
    public async Task ScopedKeyOfAnAdmin_IsRefusedAdminEndpoints_AFullAccessOneIsNot()
    {
        var admin = await cluster.AdminTokenAsync();
        var scoped = await _http.CreateScopedKeyAsync(admin, "ai", "documents:read", "documents:write", "workflows");
        var full = await _http.CreateApiKeyAsync(admin, new { name = "admin automation" });

        await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/admin/users", scoped.ApiKey)).AssertInsufficientScopeAsync();
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/admin/ai/providers", scoped.ApiKey)).AssertInsufficientScopeAsync();
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/admin/users", full.ApiKey)).StatusCode);

        // A scoped key of a non-admin is refused for its role first: forbidden, as a session would be.
        var (_, member) = await _http.RegisterAndLoginAsync();
        var memberKey = await _http.CreateScopedKeyAsync(member.AccessToken, "ai");
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/admin/users", memberKey.ApiKey))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task ReadOnlyKey_JoinsTheLiveSession_ButItsOperationsAreRefused()
    {
        var (token, documentId, _) = await cluster.CreateDocumentAsync(_http, "shared");
        var key = (await _http.CreateScopedKeyAsync(token, "documents:read")).ApiKey;

        await using var editor = await LiveClient.ConnectAsync(cluster.GatewayAddress, documentId, token);
        await using var watcher = await LiveClient.ConnectAsync(cluster.GatewayAddress, documentId, key);
        await editor.EditAsync(text => PowerAutomation.Grains.Abstractions.Documents.TextOperation.Splice(text.Length, text.Length, 0, "!"));
        await watcher.WaitForAsync(c => c.Document == "shared!", "the read-only key to see the edit");

        await watcher.SendAsync(new { type = "operation", revision = watcher.Revision, operation = new object[] { 7, "?" }, seq = 1 });
        await watcher.WaitForAsync(c => c.Errors.Count > 0, "the read-only key's refusal");
        Assert.Equal("insufficient_scope", watcher.Errors[0].GetProperty("code").GetString());
        Assert.Equal("shared!", (await _http.ReadDocumentAsync(token, documentId)).Content);
    }
}
