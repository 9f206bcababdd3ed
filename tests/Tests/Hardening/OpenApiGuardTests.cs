using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using PowerAutomation.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PowerAutomation.Tests.Hardening;

/// <summary>A cluster of its own, so nothing else writes to its database while the guard counts rows.</summary>
public sealed class GuardClusterFixture : ClusterFixture;

/// <summary>
/// The standing guard of issue 11: every operation in <c>/openapi/v1.json</c> is sent malformed, wrongly typed,
/// oversized, deeply nested and lone-surrogate bodies, and garbage, unknown and huge ids. Each must answer a 4xx
/// with a stable <c>code</c> (problem+json, or the vendor's error shape on <c>/v1/*</c>), never a 5xx and never a
/// success, and nothing in the database or in what the caller can see may change.
/// </summary>
public sealed class OpenApiGuardTests(GuardClusterFixture cluster, ITestOutputHelper output) : IClassFixture<GuardClusterFixture>
{
    private const string LoneSurrogate = "\\ud800";

    // mail_outbox is a queue the dispatcher empties on its own (the seed's verification mail leaves it meanwhile).
    private static readonly string[] IgnoredTables =
        ["orleans_membership", "orleans_membership_version", "audit_logs", "audit_logs_default", "mail_outbox"];

    // The client waits for the server's answer to Expect: 100-continue however busy it is, so an oversized body is
    // refused before it is sent rather than cut off half-way (which would read as a transport error, not a 413).
    private readonly HttpClient _http = new(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(60) })
    {
        BaseAddress = cluster.GatewayAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    [Fact]
    public async Task EveryOperation_BadInput_Answers4xxWithACode_AndChangesNothing()
    {
        var email = ApiClient.NewEmail("guard");
        await PowerAutomation.Client.Admin.BootstrapAdmin.RunAsync(cluster.Cluster, email, ApiClient.Password);
        await _http.IssueLicenseAsync(await cluster.AdminTokenAsync(), email, edition: "enterprise",
            limits: new { requestsPerMinute = 1_000_000, aiRequestsPerDay = 1_000, workflowRunsPerDay = 1_000 });
        var token = (await _http.LoginAsync(email)).AccessToken;
        var known = await SeedAsync(token);
        var projectId = known["projectId"];

        var document = JsonNode.Parse(await _http.GetStringAsync("/openapi/v1.json"))!;
        var before = await SnapshotAsync(token, projectId);
        var failures = new List<string>();
        var sent = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                foreach (var (url, body, what) in Cases(path, method, operation!, known))
                {
                    sent++;
                    using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url) { Content = body };
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    request.Headers.ExpectContinue = true; // An oversized body is refused before it is sent, and the answer read.
                    using var response = await _http.SendAsync(request);
                    if (await Verdict(path, response) is { } failure)
                    {
                        failures.Add($"{method.ToUpperInvariant()} {path} with {what}: {failure}");
                    }
                }
            }
        }

        output.WriteLine($"{sent} requests sent");
        Assert.True(sent > 200, $"Only {sent} requests: the OpenAPI document lists fewer operations than expected.");
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(60)) + $"\n({failures.Count} failures)");
        var after = await SnapshotAsync(token, projectId);
        Assert.Equal(before, after);
    }

    private static IEnumerable<(string Url, HttpContent? Body, string What)> Cases(string path, string method, JsonNode operation,
        IReadOnlyDictionary<string, string> known)
    {
        var hasParameters = path.Contains('{');
        var schema = operation["requestBody"]?["content"]?["application/json"]?["schema"];
        var takesBody = operation["requestBody"] is not null;
        if (hasParameters)
        {
            foreach (var (id, what) in BadIds())
            {
                yield return (Fill(path, _ => id), takesBody ? Json("{}") : null, what);
            }
        }

        // Real ids where the seed has them (else ids that look right but name nothing): what is malformed is the rest.
        var url = Fill(path, name => known.TryGetValue(name, out var id) ? id : Guid.NewGuid().ToString());
        if (method == "get")
        {
            foreach (var parameter in (operation["parameters"] as JsonArray ?? []).Where(p => p?["in"]?.GetValue<string>() == "query"))
            {
                var name = parameter!["name"]!.GetValue<string>();
                foreach (var (value, what) in BadQueryValues(TypeOf(parameter["schema"])))
                {
                    yield return ($"{url}?{name}={value}", null, $"{what} as '{name}'");
                }
            }
        }

        if (!takesBody)
        {
            yield break;
        }

        yield return (url, Json("{"), "truncated JSON");
        yield return (url, Json("[]"), "an array for an object");
        yield return (url, Json("\"text\""), "a string for an object");
        yield return (url, Json("12"), "a number for an object");
        yield return (url, Json(new string('[', 5000) + new string(']', 5000)), "5,000 levels of nesting");
        yield return (url, Json($$"""{"a":"{{LoneSurrogate}}"}"""), "a lone surrogate");
        yield return (url, Json("{\"a\":\"\\u0000\"}"), "U+0000");
        yield return (url, Json("{\"a\":\"" + new string('x', 17 * 1024 * 1024) + "\"}"), "17 MiB");
        yield return (url, new StringContent("{}", Encoding.UTF8, "text/plain"), "text/plain");
        foreach (var (body, what) in WrongTypes(schema))
        {
            yield return (url, Json(body), what);
        }
    }

    // Text parameters only get text too long to be meant (invalid UTF-8 in a query is read as U+FFFD, which is text).
    private static IEnumerable<(string Value, string What)> BadQueryValues(string? type) => type is "integer" or "number"
        ? [("abc", "a word"), ("-5", "a negative number"), ("99999999999999999999999", "a number past long"), ("1.5", "a fraction")]
        : [(new string('q', 4000), "4,000 characters")];

    private static IEnumerable<(string Id, string What)> BadIds() =>
    [
        (Guid.NewGuid().ToString(), "an unknown id"),
        ("not-an-id", "a malformed id"),
        (new string('7', 3000), "a 3,000-character id"),
        ("%ED%A0%80", "an id that is a lone surrogate in UTF-8"),
        ("..%2F..%2Fetc%2Fpasswd", "a path-traversal id"),
    ];

    /// <summary>Each property of the body's schema given a value of the wrong type, and of a lone surrogate where text is due.</summary>
    private static IEnumerable<(string Body, string What)> WrongTypes(JsonNode? schema)
    {
        if (schema?["properties"] is not JsonObject properties)
        {
            yield break;
        }

        foreach (var (name, property) in properties)
        {
            var type = TypeOf(property);
            var wrong = type switch
            {
                "string" => "12345",
                "integer" or "number" => "\"1\"",
                "boolean" => "\"true\"",
                "array" => "{}",
                _ => "\"x\"",
            };
            yield return ($$"""{"{{name}}":{{wrong}}}""", $"'{name}' as the wrong type");
            if (type == "string")
            {
                yield return ($$"""{"{{name}}":"a{{LoneSurrogate}}"}""", $"a lone surrogate in '{name}'");
            }
        }
    }

    private static string? TypeOf(JsonNode? property) => property?["type"] switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray types => types.Select(t => t?.GetValue<string>()).FirstOrDefault(t => t != "null"),
        _ => null,
    };

    private static string Fill(string path, Func<string, string> id)
    {
        var url = new StringBuilder();
        var start = -1;
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] == '{')
            {
                start = i + 1;
            }
            else if (path[i] == '}')
            {
                url.Append(id(path[start..i].Split(':')[0]));
                start = -1;
            }
            else if (start < 0)
            {
                url.Append(path[i]);
            }
        }

        return url.ToString();
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static async Task<string?> Verdict(string path, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        if (status is < 400 or >= 500)
        {
            return $"{status} {Cut(text)}";
        }

        try
        {
            var body = JsonDocument.Parse(text).RootElement;
            var code = path.StartsWith("/v1/", StringComparison.Ordinal) && body.TryGetProperty("error", out var error)
                ? error.GetProperty("code").GetString()
                : response.Content.Headers.ContentType?.MediaType == "application/problem+json" ? body.GetProperty("code").GetString() : null;
            return string.IsNullOrEmpty(code) ? $"{status} without a code: {Cut(text)}" : null;
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return $"{status} that is not a problem: {Cut(text)}";
        }
    }

    private static string Cut(string text) => text.Length > 200 ? text[..200] + "…" : text;

    /// <summary>A project with a document and a workflow, whose ids stand in for path parameters of the same name.</summary>
    private async Task<Dictionary<string, string>> SeedAsync(string token)
    {
        var project = await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/projects", token, new { name = "guarded" });
        var projectId = (await project.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("projectId").GetString()!;
        var document = await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/projects/{projectId}/documents", token, new { path = "src/a.txt", content = "hello" });
        Assert.Equal(HttpStatusCode.Created, document.StatusCode);
        var workflow = await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/workflows", token, new
        {
            name = "guarded", steps = new[] { new { id = "a", type = "transform", input = new { value = 1 } } },
        });
        Assert.Equal(HttpStatusCode.Created, workflow.StatusCode);
        return new Dictionary<string, string>
        {
            ["projectId"] = projectId,
            ["documentId"] = (await document.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("documentId").GetString()!,
            ["workflowId"] = (await workflow.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("workflowId").GetString()!,
        };
    }

    /// <summary>What the caller can see, and how many rows each table holds.</summary>
    private async Task<string> SnapshotAsync(string token, string projectId)
    {
        var seen = new StringBuilder();
        foreach (var path in new[] { "/api/v1/me", "/api/v1/projects", $"/api/v1/projects/{projectId}/documents" })
        {
            seen.AppendLine(await (await _http.SendAuthorizedAsync(HttpMethod.Get, path, token)).Content.ReadAsStringAsync());
        }

        var quota = await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me/quota", token)).Content.ReadFromJsonAsync<JsonElement>();
        foreach (var kind in quota.EnumerateArray().Where(k => k.GetProperty("kind").GetString() != "requests_per_minute"))
        {
            seen.AppendLine($"{kind.GetProperty("kind").GetString()}={kind.GetProperty("used").GetInt64()}");
        }

        await using var connection = new NpgsqlConnection(cluster.PostgresConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables.Where(t => !IgnoredTables.Contains(t) && !t.StartsWith("audit_logs_", StringComparison.Ordinal)))
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", connection);
            seen.AppendLine($"{table}: {await count.ExecuteScalarAsync()} rows");
        }

        return seen.ToString();
    }
}
