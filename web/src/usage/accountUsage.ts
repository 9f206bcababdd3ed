import { h, mount } from "../app/dom";
import { client } from "../app/session";
import { formatUsd, type QuotaItem, usageView } from "./usageView";

/** `/account/usage`: today's AI budget, and the signed-in user's AI calls and what they cost, by day. */
export async function renderAccountUsage(main: HTMLElement): Promise<void> {
  const view = usageView({ fetch: (filter) => client.ai.usage(filter) });
  const budget = h("section", { class: "card", "data-testid": "ai-budget", "aria-live": "polite" });
  mount(main, h("h1", {}, "AI usage"), budget,
    h("p", { class: "muted" }, "Every AI call made with your account or its API keys: the model that answered, tokens, cost and time. Calls appear within a few seconds."),
    view.element);
  document.title = "AI usage · ClaudeEditor";
  await Promise.all([view.reload(), loadBudget()]);

  async function loadBudget(): Promise<void> {
    try {
      const spend = (await client.quota() as QuotaItem[]).find((q) => q.kind === "ai_spend");
      mount(budget, spend
        ? h("p", {}, `Today's AI budget: ${formatUsd(spend.used)} spent of ${formatUsd(spend.limit)}, ${formatUsd(spend.remaining)} left`,
          h("span", { class: "muted" }, ` (renews ${new Date(spend.resetsAt).toUTCString()})`))
        : h("p", { class: "muted" }, "No AI budget applies."));
    } catch {
      mount(budget);
    }
  }
}
