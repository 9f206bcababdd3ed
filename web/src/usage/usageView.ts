import type { AiUsageDay, AiUsageItem, AiUsagePage } from "@powerautomation/client";
import { append, field, formatTime, h, mount } from "../app/dom";
import { pagedTable, row, table } from "../admin/ui";

/** One entry of GET /api/v1/me/quota, as the AI views read it. */
export interface QuotaItem { kind: string; limit: number; used: number; remaining: number; resetsAt: string; }

/** Micro-USD as dollars: cents for sums a person reads at a glance, more digits below a cent. */
export function formatUsd(micro: number): string {
  const usd = micro / 1_000_000;
  return usd === 0 || usd >= 0.01 ? `$${usd.toFixed(2)}` : `$${usd.toFixed(6)}`;
}

const statusClass: Record<string, string> = { ok: "status-succeeded", partial: "status-running", failed: "status-failed", cancelled: "status-cancelled" };

/**
 * The AI usage view both the account page and the console show: a time filter (plus the extra filters the caller
 * adds), daily totals of the filtered range, and the calls newest first, a page at a time.
 */
export function usageView(options: {
  extraFilters?: HTMLElement[];
  withUser?: boolean;
  fetch: (filter: { from?: string; to?: string; cursor?: string }) => Promise<AiUsagePage>;
}): { element: HTMLElement; reload(): Promise<void> } {
  const from = h("input", { type: "date", name: "from" });
  const to = h("input", { type: "date", name: "to" });
  const form = h("form", { class: "inline", role: "search" }, ...(options.extraFilters ?? []),
    field("From", from), field("To", to, "Inclusive, UTC days"), h("button", { type: "submit" }, "Filter"));
  const totals = h("div", { "data-testid": "usage-daily", "aria-live": "polite" });
  const range = () => ({
    from: from.value ? `${from.value}T00:00:00Z` : undefined,
    to: to.value ? new Date(Date.parse(`${to.value}T00:00:00Z`) + 86_400_000).toISOString() : undefined,
  });
  const calls = pagedTable<AiUsageItem>({
    label: "AI calls",
    columns: [...(options.withUser ? ["User"] : []), "When", "Model", "Provider", "Tokens in / out", "Cost", "Latency", "Status"],
    empty: "No AI calls in this range.",
    fetch: async (cursor) => {
      const page = await options.fetch({ ...range(), cursor });
      if (!cursor) mount(totals, daily(page.daily));
      return page;
    },
    row: (u) => row([
      ...(options.withUser ? [u.userId ? h("a", { href: `/admin/ai-usage?user=${u.userId}`, class: "code" }, u.userId) : "—"] : []),
      formatTime(u.time),
      u.model && u.model !== u.modelRequested
        ? [h("code", {}, u.model), h("div", { class: "muted small" }, `asked ${u.modelRequested}`)]
        : h("code", {}, u.model ?? u.modelRequested),
      u.provider ?? "—",
      `${u.inputTokens.toLocaleString()} / ${u.outputTokens.toLocaleString()}`,
      formatUsd(u.costMicroUsd),
      `${u.latencyMs} ms${u.timeToFirstTokenMs != null ? ` (first token ${u.timeToFirstTokenMs} ms)` : ""}`,
      h("span", { class: `badge ${statusClass[u.status] ?? ""}` }, u.status),
    ], { "data-request": u.requestId, "data-status": u.status }),
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void calls.reload();
  });
  const element = h("div", {});
  append(element, [form, h("h3", {}, "Daily totals"), totals, h("h3", {}, "Calls"), calls.element]);
  return { element, reload: calls.reload };
}

function daily(days: AiUsageDay[]): HTMLElement {
  if (days.length === 0) return h("p", { class: "empty" }, "Nothing spent in this range.");
  const sum = days.reduce((s, d) => ({ calls: s.calls + d.calls, cost: s.cost + d.costMicroUsd }), { calls: 0, cost: 0 });
  return h("div", {},
    h("p", { "data-testid": "usage-total" }, `${sum.calls.toLocaleString()} calls, ${formatUsd(sum.cost)} in all.`),
    table("Daily AI usage", ["Day (UTC)", "Calls", "Tokens in", "Tokens out", "Cost"], days.map((d) => row([
      d.date, d.calls.toLocaleString(), d.inputTokens.toLocaleString(), d.outputTokens.toLocaleString(), formatUsd(d.costMicroUsd),
    ], { "data-day": d.date }))));
}
