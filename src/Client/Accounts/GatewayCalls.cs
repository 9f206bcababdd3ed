using System.Net.Http.Json;
using System.Text.Json;

namespace PowerAutomation.Client.Accounts;

/// <summary>The few gateway calls the account commands make, with errors read as this API's problems or OAuth errors.</summary>
public sealed class GatewayCalls(HttpClient http)
{
    public sealed record Answer(bool Ok, int Status, JsonElement Body)
    {
        /// <summary>The problem's <c>code</c>, else the OAuth <c>error</c>, else the status.</summary>
        public string Code => Body.ValueKind == JsonValueKind.Object
            && (Body.TryGetProperty("code", out var code) || Body.TryGetProperty("error", out code)) && code.ValueKind == JsonValueKind.String
            ? code.GetString()!
            : $"http_{Status}";

        public string Detail => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String
            ? detail.GetString()!
            : Code;

        public string Text(string name) => Body.GetProperty(name).GetString()!;

        public int Number(string name, int fallback) =>
            Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) ? number : fallback;
    }

    public Task<Answer> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> form, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) }, cancellationToken);

    public Task<Answer> PostJsonAsync(string path, object body, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) }, cancellationToken);

    public Task<Answer> GetAsync(string path, string accessToken, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        return SendAsync(request, cancellationToken);
    }

    private async Task<Answer> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        using (var response = await http.SendAsync(request, cancellationToken))
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            JsonElement body = default;
            if (!string.IsNullOrWhiteSpace(text))
            {
                try
                {
                    body = JsonDocument.Parse(text).RootElement.Clone();
                }
                catch (JsonException)
                {
                    // Not JSON (a proxy's error page, say): the status speaks for it.
                }
            }

            return new Answer(response.IsSuccessStatusCode, (int)response.StatusCode, body);
        }
    }
}
