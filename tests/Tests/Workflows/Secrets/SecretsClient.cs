using System.Net;

namespace PowerAutomation.Tests.Workflows.Secrets;

/// <summary>The secrets endpoints, as a test uses them.</summary>
public static class SecretsClient
{
    public static async Task PutAsync(WorkflowClient client, string name, string value)
    {
        var response = await client.SendAsync(HttpMethod.Put, $"/api/v1/secrets/{name}", new { value });
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
    }

    public static async Task<string> ListTextAsync(WorkflowClient client)
    {
        var response = await client.SendAsync(HttpMethod.Get, "/api/v1/secrets");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return text;
    }
}
