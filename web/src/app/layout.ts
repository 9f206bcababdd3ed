import { h, mount } from "./dom";
import { navigate } from "./router";
import { client, me } from "./session";

/** The header: navigation for a signed-in user, with their edition and a sign-out button. */
export async function renderHeader(): Promise<void> {
  const header = document.getElementById("top")!;
  if (!client.signedIn) {
    mount(header, h("nav", { class: "bar", "aria-label": "Main" }, h("a", { href: "/", class: "brand" }, "ClaudeEditor")));
    return;
  }
  let user;
  try {
    user = await me();
  } catch {
    mount(header, h("nav", { class: "bar", "aria-label": "Main" }, h("a", { href: "/", class: "brand" }, "ClaudeEditor")));
    return;
  }
  const signOut = h("button", { type: "button", class: "link", onclick: async () => { await client.auth.logout(); navigate("/"); } }, "Sign out");
  mount(header, h("nav", { class: "bar", "aria-label": "Main" },
    h("a", { href: "/", class: "brand" }, "ClaudeEditor"),
    h("a", { href: "/" }, "Projects"),
    h("a", { href: "/workflows" }, "Workflows"),
    h("a", { href: "/approvals" }, "Approvals"),
    h("a", { href: "/licenses" }, "Licences"),
    h("a", { href: "/orgs" }, "Organizations"),
    user.roles.includes("admin") ? h("a", { href: "/admin" }, "Admin") : null,
    h("span", { class: "spacer" }),
    user.emailVerified === false ? h("a", { href: "/account", class: "unverified", "data-testid": "unverified" }, "Verify your e-mail") : null,
    h("a", { href: "/account" }, "Account"),
    h("span", { class: "who" }, user.displayName || user.email, " ",
      h("span", { class: "edition", "data-testid": "edition", title: "Your edition" }, user.edition)),
    signOut));
}
