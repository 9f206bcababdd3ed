import { errorBox } from "../app/errors";
import { append, field, formatTime, h, mount } from "../app/dom";
import { client } from "../app/session";
import type { AdminUser } from "./users";
import { row, table } from "./ui";

interface QuotaUsage { kind: string; limit: number | null; used: number; remaining: number | null; resetsAt?: string | null; }

const guid = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** One user's quotas, found by e-mail (through the users list) or by user id. */
export async function renderQuotasSection(container: HTMLElement): Promise<void> {
  const error = errorBox();
  const who = h("input", { type: "text", name: "user", required: true, maxlength: 320, autocomplete: "off" });
  const form = h("form", { class: "inline" }, field("User (e-mail or id)", who), h("button", { type: "submit" }, "Show quotas"));
  const result = h("div", { "aria-live": "polite" });

  async function show(text: string): Promise<void> {
    error.clear();
    mount(result);
    try {
      const user = await find(text.trim());
      if (!user) return;
      const usage = (await client.admin.userQuota(user.userId)) as unknown as QuotaUsage[];
      mount(result, h("h3", {}, user.email ? `${user.email} ` : "", h("code", {}, user.userId)),
        table(`Quotas of ${user.email || user.userId}`, ["Quota", "Used", "Limit", "Remaining", "Resets"], usage.map((q) => row([
          q.kind, String(q.used), q.limit === null ? "unlimited" : String(q.limit),
          q.remaining === null ? "—" : meter(q), formatTime(q.resetsAt),
        ], { "data-kind": q.kind }))));
    } catch (e) {
      error.show(e);
    }
  }

  // An id is taken as is; an e-mail must match one user exactly (the search matches parts, so it may offer several).
  async function find(text: string): Promise<Pick<AdminUser, "userId" | "email"> | null> {
    if (guid.test(text)) return { userId: text, email: "" };
    const page = (await client.admin.users({ query: text })) as unknown as { items: AdminUser[] };
    const exact = page.items.find((u) => u.email.toLowerCase() === text.toLowerCase());
    if (exact) return exact;
    mount(result, page.items.length === 0 ? h("p", { class: "empty" }, `No user matches ${text}.`)
      : [h("p", {}, "No user has exactly this e-mail. Did you mean:"), h("ul", { class: "list" }, page.items.slice(0, 10).map((u) =>
        h("li", {}, h("button", { type: "button", class: "link", onclick: () => { who.value = u.email; void show(u.email); } }, u.email),
          u.displayName ? ` (${u.displayName})` : "")))]);
    return null;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void show(who.value);
  });
  append(container, [form, error.element, result]);
  const preset = new URLSearchParams(location.search).get("user");
  if (preset) {
    who.value = preset;
    await show(preset);
  }
}

function meter(q: QuotaUsage): HTMLElement {
  const max = q.limit ?? 0;
  return h("span", {}, String(q.remaining), " ", max > 0 ? h("meter", { min: 0, max, value: q.remaining ?? 0, "aria-label": `${q.kind} remaining` }) : null);
}
