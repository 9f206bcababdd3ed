import { errorBox, toast } from "../app/errors";
import { field, formatTime, h, mount } from "../app/dom";
import { navigate } from "../app/router";
import { client } from "../app/session";

interface OrgItem { orgId: string; name: string; role: string; }
interface OrgMember { userId: string; email: string; displayName: string; role: string; }
interface OrgLicense { licenseId: string; edition: string; seats: number; seatsUsed: number; expiresAt: string; revoked: boolean; seatHolders: string[]; }
interface OrgInvitation { invitationId: string; email: string; role: string; invitedBy: string; }
interface Org { orgId: string; name: string; role: string; members: OrgMember[]; licenses: OrgLicense[]; invitations?: OrgInvitation[]; }

const Roles = ["member", "admin", "owner"];
const seg = encodeURIComponent;

/** The organizations the signed-in user belongs to, and a form to start one. */
export async function renderOrgs(main: HTMLElement, _params: Record<string, string> = {}): Promise<void> {
  const error = errorBox();
  const list = h("ul", { class: "list", "aria-label": "Your organizations" });
  const name = h("input", { type: "text", name: "name", required: true, maxlength: 100 });
  const create = h("form", { class: "card inline" }, field("Organization name", name), h("button", { type: "submit" }, "Create organization"));
  create.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.clear();
    try {
      const created = await client.http.request<{ orgId: string }>("POST", "/api/v1/orgs", { body: { name: name.value.trim() } });
      navigate(`/orgs/${created.orgId}`);
    } catch (e) {
      error.show(e);
    }
  });
  mount(main, h("h1", {}, "Organizations"), create, error.element, list);
  try {
    const orgs = await client.http.request<OrgItem[]>("GET", "/api/v1/me/orgs");
    mount(list, orgs.length === 0
      ? h("li", { class: "empty" }, "You belong to no organization yet: create one above, or accept an invitation on the projects page.")
      : orgs.map((o) => h("li", {}, h("a", { href: `/orgs/${o.orgId}` }, o.name), " ", h("span", { class: "badge" }, o.role))));
  } catch (e) {
    error.show(e);
  }
}

/** One organization: members with roles, invitations, licences with their seats; owners and admins manage them. */
export async function renderOrg(main: HTMLElement, params: Record<string, string>): Promise<void> {
  const orgId = params.orgId;
  const error = errorBox();
  const body = h("div", { "aria-live": "polite" }, h("p", { class: "empty" }, "Loading…"));
  mount(main, h("p", {}, h("a", { href: "/orgs" }, "← Organizations")), error.element, body);

  async function act(call: () => Promise<unknown>, done: string): Promise<void> {
    error.clear();
    try {
      await call();
      toast(done);
      await load();
    } catch (e) {
      error.show(e);
    }
  }

  async function load(): Promise<void> {
    let org: Org;
    try {
      org = await client.http.request<Org>("GET", `/api/v1/orgs/${seg(orgId)}`);
    } catch (e) {
      mount(body);
      error.show(e);
      return;
    }
    const manages = org.role === "owner" || org.role === "admin";
    mount(body,
      h("h1", {}, org.name, " ", h("span", { class: "badge" }, org.role)),
      h("section", { "aria-labelledby": "members-title" }, h("h2", { id: "members-title" }, "Members"), membersTable(org, manages)),
      manages ? inviteForm() : null,
      manages && org.invitations && org.invitations.length > 0 ? invitationsList(org.invitations) : null,
      h("section", { "aria-labelledby": "licenses-title" }, h("h2", { id: "licenses-title" }, "Licences"),
        org.licenses.length === 0
          ? h("p", { class: "empty" }, "No licence belongs to this organization; an administrator issues one to it.")
          : org.licenses.map((l) => licenseCard(org, l, manages))));
  }

  function membersTable(org: Org, manages: boolean): HTMLElement {
    return h("table", { class: "table", "aria-label": "Members" },
      h("thead", {}, h("tr", {}, h("th", {}, "Member"), h("th", {}, "Role"), h("th", {}, ""))),
      h("tbody", {}, org.members.map((m) => {
        const role = h("select", { "aria-label": `Role of ${m.email}`, disabled: !manages },
          Roles.map((r) => h("option", { value: r, selected: r === m.role }, r)));
        role.addEventListener("change", () => act(
          () => client.http.request("PATCH", `/api/v1/orgs/${seg(orgId)}/members/${seg(m.userId)}`, { body: { role: role.value } }),
          `${m.email} is now ${role.value}.`));
        const remove = h("button", { type: "button", class: "secondary", "aria-label": `Remove ${m.email}` }, "Remove");
        remove.addEventListener("click", () => act(
          () => client.http.request("DELETE", `/api/v1/orgs/${seg(orgId)}/members/${seg(m.userId)}`), `${m.email} was removed.`));
        return h("tr", { "data-member": m.userId }, h("td", {}, m.displayName ? `${m.displayName} <${m.email}>` : m.email), h("td", {}, role),
          h("td", {}, manages ? remove : null));
      })));
  }

  function inviteForm(): HTMLElement {
    const email = h("input", { type: "email", name: "email", required: true, maxlength: 320 });
    const role = h("select", { name: "role" }, Roles.map((r) => h("option", { value: r }, r)));
    const form = h("form", { class: "card inline", "aria-label": "Invite a member" }, field("Email to invite", email), field("Invite as", role),
      h("button", { type: "submit" }, "Invite"));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const address = email.value.trim();
      void act(() => client.http.request("POST", `/api/v1/orgs/${seg(orgId)}/members`, { body: { email: address, role: role.value } }),
        `Invited ${address}.`);
    });
    return form;
  }

  function invitationsList(invitations: OrgInvitation[]): HTMLElement {
    return h("section", { "aria-labelledby": "pending-title" }, h("h2", { id: "pending-title" }, "Pending invitations"),
      h("ul", { class: "list" }, invitations.map((i) => h("li", {}, `${i.email} (${i.role}), invited by ${i.invitedBy} `,
        h("button", { type: "button", class: "secondary", onclick: () => act(
          () => client.http.request("DELETE", `/api/v1/orgs/${seg(orgId)}/invitations/${seg(i.invitationId)}`), "Invitation withdrawn.") },
        "Withdraw")))));
  }

  function licenseCard(org: Org, license: OrgLicense, manages: boolean): HTMLElement {
    const seated = new Set(license.seatHolders);
    const path = (userId: string) => `/api/v1/orgs/${seg(orgId)}/licenses/${seg(license.licenseId)}/seats/${seg(userId)}`;
    return h("section", { class: "card license", "data-license": license.licenseId, "aria-label": `${license.edition} licence` },
      h("h3", {}, h("span", { class: "badge" }, license.edition), " licence ", license.revoked ? h("span", { class: "badge status-failed" }, "revoked") : null),
      h("p", { "data-testid": "seats" }, `Seats: ${license.seatsUsed} of ${license.seats} used`),
      h("p", { class: "muted" }, `Expires ${formatTime(license.expiresAt)}`),
      h("ul", { class: "list", "aria-label": "Seats" }, org.members.map((m) => h("li", {},
        `${m.email} `, seated.has(m.userId) ? h("span", { class: "badge" }, "seated") : null, " ",
        manages && !license.revoked
          ? seated.has(m.userId)
            ? h("button", { type: "button", class: "secondary", "aria-label": `Release seat of ${m.email}`,
                onclick: () => act(() => client.http.request("DELETE", path(m.userId)), `Released the seat of ${m.email}.`) }, "Release seat")
            : h("button", { type: "button", "aria-label": `Assign seat to ${m.email}`,
                onclick: () => act(() => client.http.request("PUT", path(m.userId)), `${m.email} has a seat.`) }, "Assign seat")
          : null))));
  }

  await load();
}
