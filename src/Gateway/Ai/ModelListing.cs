using System.Text.Json.Nodes;
using PowerAutomation.Ai.Routing;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Gateway.Ai;

/// <summary>
/// <c>GET /v1/models</c> and <c>GET /v1/models/{model}</c> in OpenAI's list format, each entry also carrying
/// Anthropic's fields (<c>type</c>, <c>display_name</c>, <c>created_at</c>), so both vendors' SDKs read them. Chat
/// models and aliases come first, owned by their provider (aliases by <c>powerautomation</c>), then the embeddings
/// models; <c>capabilities</c> says which is which, and an alias lists its <c>targets</c>.
/// </summary>
public static class ModelListing
{
    public static async Task<IResult> ListAsync(HttpContext http, ModelRouter router, IClusterClient cluster)
    {
        var models = router.Catalog.ModelsFor(await EditionAsync(http, cluster));
        return Results.Json(new JsonObject
        {
            ["object"] = "list", ["data"] = new JsonArray(models.Select(m => (JsonNode)Entry(m)).ToArray()), ["has_more"] = false,
            ["first_id"] = models.FirstOrDefault()?.Id, ["last_id"] = models.LastOrDefault()?.Id,
        });
    }

    public static async Task GetAsync(HttpContext http, string model, ModelRouter router, IClusterClient cluster)
    {
        var found = router.Catalog.ModelsFor(await EditionAsync(http, cluster)).FirstOrDefault(m => m.Id == model);
        if (found is null)
        {
            await VendorProblemWriter.WriteAsync(http, 404, RoutingCodes.ModelNotFound, $"The model '{model}' does not exist or this edition may not use it.");
            return;
        }

        await Results.Json(Entry(found)).ExecuteAsync(http);
    }

    private static async Task<string> EditionAsync(HttpContext http, IClusterClient cluster) =>
        (await cluster.GetGrain<IUserGrain>(http.User.UserId()).GetEntitlements()).Edition;

    private static JsonObject Entry(CatalogModel model)
    {
        var entry = new JsonObject
        {
            ["id"] = model.Id, ["object"] = "model", ["created"] = 0, ["owned_by"] = model.OwnedBy,
            ["type"] = "model", ["display_name"] = model.Id, ["created_at"] = "1970-01-01T00:00:00Z",
            ["capabilities"] = new JsonArray(model.Embeddings ? "embeddings" : "chat"),
        };
        if (model.Targets.Count != 1 || model.Targets[0] != model.Id)
        {
            entry["targets"] = new JsonArray(model.Targets.Select(t => (JsonNode)JsonValue.Create(t)!).ToArray());
        }

        return entry;
    }
}
