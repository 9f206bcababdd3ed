import { append, field, h } from "../app/dom";
import { errorBox, toast } from "../app/errors";
import { client, me } from "../app/session";
import { pagedTable, row, type Page } from "./ui";

export interface AdminUser { userId: string; email: string; displayName?: string | null; roles: string[]; disabled: boolean; edition: string; }

/** Users, searchable by e-mail or name, a page at a time. */
export async function renderUsersSection(container: HTMLElement): Promise<void> {
  const query = h("input", { type: "search", name: "query", maxlength: 200, autocomplete: "off" });
  const form = h("form", { class: "inline", role: "search" }, field("Search users", query, "The start of an e-mail address or a name."),
    h("button", { type: "submit" }, "Search"));
  const users = pagedTable<AdminUser>({
    label: "Users",
    columns: ["Email", "Name", "Roles", "Edition", "Status", "User id", "Quota", "Actions"],
    empty: "No users match.",
    fetch: (cursor) => client.admin.users({ query: query.value.trim() || undefined, cursor }) as unknown as Promise<Page<AdminUser>>,
    row: (u) => row([
      u.email, u.displayName || h("span", { class: "muted" }, "—"),
      u.roles.join(", "), h("span", { class: "badge" }, u.edition),
      u.disabled ? h("span", { class: "badge status-failed" }, "disabled") : "active",
      h("code", {}, u.userId),
      h("a", { href: `/admin/quotas?user=${encodeURIComponent(u.email)}`, "aria-label": `Quota of ${u.email}` }, "Quota"),
      actions(u),
    ], { "data-user": u.userId }),
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void users.reload();
  });
  const error = errorBox();
  const self = await me();

  /** Disable or enable, grant or revoke admin; the server refuses what would leave no administrator. */
  function actions(u: AdminUser): HTMLElement {
    const button = (label: string, act: () => Promise<void>, done: string) => {
      const b = h("button", { type: "button", class: "link", "aria-label": `${label} ${u.email}` }, label);
      b.addEventListener("click", async () => {
        b.disabled = true;
        error.clear();
        try {
          await act();
          toast(done);
          await users.reload();
        } catch (e) {
          b.disabled = false;
          error.show(e);
        }
      });
      return b;
    };
    const isAdmin = u.roles.includes("admin");
    return h("span", { class: "actions" },
      u.disabled
        ? button("Enable", () => client.admin.enableUser(u.userId), `${u.email} can sign in again.`)
        : button("Disable", () => client.admin.disableUser(u.userId), `${u.email} is disabled; their sessions end within seconds.`),
      " ",
      isAdmin
        ? button("Remove admin", () => client.admin.revokeAdmin(u.userId), `${u.email} is no longer an administrator.`)
        : button("Make admin", () => client.admin.grantAdmin(u.userId), `${u.email} is now an administrator.`),
      u.userId === self.userId ? h("span", { class: "muted" }, " (you)") : null);
  }

  append(container, [form, error.element, users.element]);
  await users.reload();
}
