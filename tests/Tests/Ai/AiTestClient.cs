using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Ai;

/// <summary>Raw HTTP calls to the vendor-compatible endpoints, for what the SDKs hide (status codes, error bodies, bytes).</summary>
public static class AiTestClient
{
    public static object ChatBody(string model, bool stream = false, object? tools = null) => tools is null
        ? new { model, messages = new[] { new { role = "user", content = "hi" } }, stream }
        : new { model, messages = new[] { new { role = "user", content = "weather in Paris?" } }, stream, tools };

    public static async Task<HttpResponseMessage> PostAsync(this HttpClient http, string path, string token, object body, bool stream = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request, stream ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead);
    }

    public static async Task<JsonElement> ChatAsync(this HttpClient http, string token, string model)
    {
        var response = await http.PostAsync("/v1/chat/completions", token, ChatBody(model));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>What <c>GET /api/v1/me/quota</c> says the caller used today, by kind.</summary>
    public static async Task<Dictionary<string, long>> QuotaUsedAsync(this HttpClient http, string token)
    {
        var usage = await (await http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me/quota", token)).Content.ReadFromJsonAsync<JsonElement>();
        return usage.EnumerateArray().ToDictionary(u => u.GetProperty("kind").GetString()!, u => u.GetProperty("used").GetInt64());
    }

    public static string Text(this JsonElement completion) =>
        completion.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;

    /// <summary>The <c>data:</c> payloads of an SSE body.</summary>
    public static List<string> DataLines(string sse) =>
        sse.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l[6..]).ToList();

    public static HttpContent Raw(string text, string mediaType = "application/json") => new StringContent(text, Encoding.UTF8, mediaType);
}
