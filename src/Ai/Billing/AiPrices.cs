using Microsoft.Extensions.Options;
using PowerAutomation.Ai.Chat;
using PowerAutomation.Ai.Configuration;

namespace PowerAutomation.Ai.Billing;

/// <summary>
/// What a call costs in micro-USD, from <c>Ai:Prices</c> (USD per million tokens). A price of P USD per million tokens
/// is P micro-USD per token, so cost = fresh input × input price + cached input × cached price + output × output
/// price, rounded up to a whole micro-USD (a call never costs less than it used). Cached input is the part of the
/// input read from the provider's cache; its price defaults to the input price. A model without a price costs 0.
/// The most a call can cost is what its bound could use on its dearest target, all input fresh.
/// </summary>
public sealed class AiPrices(IOptions<AiOptions> options)
{
    private readonly Dictionary<string, ModelPriceOptions> _prices = options.Value.Prices;

    public bool IsPriced(string model) => _prices.ContainsKey(model);

    public long CostMicroUsd(string model, ChatUsage usage)
    {
        if (!_prices.TryGetValue(model, out var price))
        {
            return 0;
        }

        var cached = Math.Clamp(usage.CachedInputTokens, 0, usage.InputTokens);
        var micro = (usage.InputTokens - cached) * price.InputPerMillion
            + cached * (price.CachedInputPerMillion ?? price.InputPerMillion)
            + usage.OutputTokens * price.OutputPerMillion;
        return (long)Math.Ceiling(micro);
    }

    public long MaxCostMicroUsd(IEnumerable<string> targets, long inputTokens, long outputTokens) =>
        targets.Select(model => CostMicroUsd(model, new ChatUsage(inputTokens, outputTokens))).DefaultIfEmpty(0).Max();
}
