using System.Net;
using System.Text.Json;

namespace PowerAutomation.Tests.Infrastructure;

/// <summary>Follows a listing's cursors as a console would, collecting each page.</summary>
public static class Pages
{
    /// <summary>Every page of a <c>{items, nextCursor}</c> listing; <paramref name="between"/> runs after each page.</summary>
    public static async Task<List<List<JsonElement>>> AllAsync(this HttpClient http, string token, string path, Func<Task>? between = null)
    {
        var pages = new List<List<JsonElement>>();
        string? cursor = null;
        do
        {
            var url = cursor is null ? path : $"{path}{(path.Contains('?') ? '&' : '?')}cursor={Uri.EscapeDataString(cursor)}";
            var response = await http.SendAuthorizedAsync(HttpMethod.Get, url, token);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
            var body = JsonDocument.Parse(text).RootElement;
            pages.Add(body.GetProperty("items").EnumerateArray().ToList());
            cursor = body.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : body.GetProperty("nextCursor").GetString();
            Assert.True(pages.Count < 100, "more than 100 pages: the cursor does not advance");
            if (between is not null)
            {
                await between();
            }
        }
        while (cursor is not null);

        return pages;
    }

    /// <summary>The items of a listing's first page.</summary>
    public static async Task<List<JsonElement>> FirstAsync(this HttpClient http, string token, string path)
    {
        var response = await http.SendAuthorizedAsync(HttpMethod.Get, path, token);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("items").EnumerateArray().ToList();
    }
}
