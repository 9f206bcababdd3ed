import { append, field, h } from "../app/dom";
import { client } from "../app/session";
import { pagedTable, row, type Page } from "./ui";

export interface AdminUser { userId: string; email: string; displayName?: string | null; roles: string[]; disabled: boolean; edition: string; }

/** Users, searchable by e-mail or name, a page at a time. */
export async function renderUsersSection(container: HTMLElement): Promise<void> {
  const query = h("input", { type: "search", name: "query", maxlength: 200, autocomplete: "off" });
  const form = h("form", { class: "inline", role: "search" }, field("Search users", query, "Part of an e-mail address or a name."),
    h("button", { type: "submit" }, "Search"));
  const users = pagedTable<AdminUser>({
    label: "Users",
    columns: ["Email", "Name", "Roles", "Edition", "Status", "User id", "Quota"],
    empty: "No users match.",
    fetch: (cursor) => client.admin.users({ query: query.value.trim() || undefined, cursor }) as unknown as Promise<Page<AdminUser>>,
    row: (u) => row([
      u.email, u.displayName || h("span", { class: "muted" }, "—"),
      u.roles.join(", "), h("span", { class: "badge" }, u.edition),
      u.disabled ? h("span", { class: "badge status-failed" }, "disabled") : "active",
      h("code", {}, u.userId),
      h("a", { href: `/admin/quotas?user=${encodeURIComponent(u.email)}`, "aria-label": `Quota of ${u.email}` }, "Quota"),
    ], { "data-user": u.userId }),
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void users.reload();
  });
  append(container, [form, users.element]);
  await users.reload();
}
