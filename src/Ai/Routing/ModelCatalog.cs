using PowerAutomation.Ai.Configuration;

namespace PowerAutomation.Ai.Routing;

/// <summary>What a requested model name resolves to: the name asked for and the models to try, in order.</summary>
public sealed record ModelRoute(string Requested, IReadOnlyList<string> Targets);

/// <summary>One entry of <c>/v1/models</c>: a served model or an alias, and whether it chats or embeds.</summary>
public sealed record CatalogModel(string Id, string OwnedBy, bool Embeddings, IReadOnlyList<string> Targets);

/// <summary>
/// Resolves the model name a caller asks for, for their edition: a served model is its own single target; an alias
/// (<c>Ai:Models:{alias}:Targets</c>) is its targets in order, those the edition may not use left out; <c>auto</c>
/// (or no name) is the alias or model of the call's task (<c>Ai:Routing:Tasks:{task}</c>, the edition's entry before
/// the default). Unknown when nothing of that name exists, NotInEdition when it exists but no target is allowed.
/// </summary>
public sealed class ModelCatalog(IReadOnlyList<ProviderState> providers, AiOptions options)
{
    public const string Auto = "auto";

    /// <summary>The task of a call that names none.</summary>
    public const string DefaultTask = "chat";

    public ModelAccess Resolve(string requested, string edition, string? task, out ModelRoute route)
    {
        var name = requested;
        if (string.IsNullOrEmpty(name) || name == Auto)
        {
            route = new ModelRoute(requested, []);
            if (!options.Routing.Tasks.TryGetValue(task ?? DefaultTask, out var taskRoute)
                || (taskRoute.Editions.GetValueOrDefault(edition) ?? taskRoute.Default) is not { } routed)
            {
                return ModelAccess.Unknown;
            }

            name = routed;
        }

        var targets = options.Models.TryGetValue(name, out var alias) ? alias.Targets : [name];
        var known = targets.Where(t => providers.Any(p => p.Serves(t))).ToList();
        var allowed = known.Where(t => providers.Any(p => p.Serves(t) && p.AllowedFor(edition))).ToList();
        route = new ModelRoute(requested, allowed);
        return known.Count == 0 ? ModelAccess.Unknown : allowed.Count == 0 ? ModelAccess.NotInEdition : ModelAccess.Allowed;
    }

    /// <summary>Whether the model is served by the cluster's own model workers rather than an upstream API.</summary>
    public bool ServedLocally(string model) => providers.Any(p => p.Serves(model) && p.Options.Kind == ProviderKinds.Local);

    /// <summary>
    /// The models and aliases the edition may use: chat models (owned by their first provider) and aliases first, in
    /// configuration order, then the embeddings models of the cluster's model workers.
    /// </summary>
    public IReadOnlyList<CatalogModel> ModelsFor(string edition)
    {
        var allowed = providers.Where(p => p.AllowedFor(edition)).ToList();
        var chat = allowed.Where(p => p.Options.Kind != ProviderKinds.Local)
            .SelectMany(p => p.Options.Models.Select(m => (Model: m, Owner: p.Name))).DistinctBy(x => x.Model)
            .Select(x => new CatalogModel(x.Model, x.Owner, false, [x.Model]));
        var aliases = options.Models.Keys.Select(alias => (Alias: alias, Access: Resolve(alias, edition, null, out var route), route))
            .Where(x => x.Access == ModelAccess.Allowed).Select(x => new CatalogModel(x.Alias, "powerautomation", false, x.route.Targets));
        var embeddings = allowed.Where(p => p.Options.Kind == ProviderKinds.Local).SelectMany(p => p.Options.Models).Distinct()
            .Select(m => new CatalogModel(m, "powerautomation", true, [m]));
        return [.. chat, .. aliases, .. embeddings];
    }
}
