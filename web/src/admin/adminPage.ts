import { ApiError } from "@powerautomation/client";
import { describeError, errorBox } from "../app/errors";
import { h, mount } from "../app/dom";
import { client, me } from "../app/session";
import { renderAuditSection } from "./audit";
import { renderClusterSection } from "./cluster";
import { renderLicensesSection } from "./licenses";
import { renderProvidersSection } from "./providers";
import { renderQuotasSection } from "./quotas";
import { renderUsersSection } from "./users";
import { renderWorkersSection } from "./workers";
import { renderAdminUsageSection } from "../usage/adminUsage";

type Section = (container: HTMLElement) => Promise<void>;

const sections: { id: string; title: string; render: Section }[] = [
  { id: "users", title: "Users", render: renderUsersSection },
  { id: "licenses", title: "Licences", render: renderLicensesSection },
  { id: "providers", title: "AI providers", render: renderProvidersSection },
  { id: "ai-usage", title: "AI usage", render: renderAdminUsageSection },
  { id: "workers", title: "Model workers", render: renderWorkersSection },
  { id: "quotas", title: "Quotas", render: renderQuotasSection },
  { id: "cluster", title: "Cluster", render: renderClusterSection },
  { id: "audit", title: "Audit log", render: renderAuditSection },
];

/** `/admin` and `/admin/{section}`: the operators' console. Everyone else is told it is for administrators. */
export async function renderAdmin(main: HTMLElement, { section }: Record<string, string>): Promise<void> {
  const current = sections.find((s) => s.id === (section ?? "users"));
  if (!current) {
    mount(main, h("h1", {}, "Page not found"), h("p", {}, h("a", { href: "/admin" }, "Back to the console")));
    return;
  }

  // The server decides: a user without the admin role still asks, and is shown the server's refusal.
  try {
    const self = await me();
    if (!self.roles.includes("admin")) await client.admin.aiProviders();
  } catch (e) {
    if (e instanceof ApiError && (e.status === 403 || e.status === 401)) {
      mount(main, h("h1", {}, "Administrators only"),
        h("p", { class: "error", role: "alert" }, describeError(e)),
        h("p", {}, "This console is for the system's administrators. ", h("a", { href: "/" }, "Back to your projects")));
      return;
    }
    const error = errorBox();
    mount(main, h("h1", {}, "Administration"), error.element);
    error.show(e);
    return;
  }

  const container = h("section", { class: "admin-section", "aria-labelledby": "section-title" });
  mount(main,
    h("h1", {}, "Administration"),
    h("nav", { class: "admin-nav", "aria-label": "Console sections" }, h("ul", {}, sections.map((s) =>
      h("li", {}, h("a", { href: `/admin/${s.id}`, "aria-current": s === current ? "page" : null }, s.title))))),
    container);
  document.title = `${current.title} · Administration · ClaudeEditor`;
  mount(container, h("h2", { id: "section-title" }, current.title));
  await current.render(container);
}
