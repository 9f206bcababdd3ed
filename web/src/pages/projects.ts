import { errorBox, toast } from "../app/errors";
import { field, h, mount } from "../app/dom";
import { navigate } from "../app/router";
import { client, me } from "../app/session";

interface ProjectItem { projectId: string; name: string; role: string; }
interface InvitationItem {
  invitationId: string; projectId?: string; projectName?: string; role: string; invitedBy: string;
  kind?: "project" | "org"; orgId?: string; orgName?: string;
}

/** What an invitation is to: a project, or an organization. */
const invitedTo = (i: InvitationItem): string => i.kind === "org" ? `${i.orgName ?? ""} (organization)` : i.projectName ?? "";

/** The signed-in user's projects, invitations waiting for them, and a form to start a project. */
export async function renderProjects(main: HTMLElement): Promise<void> {
  const error = errorBox();
  const list = h("ul", { class: "list", "aria-label": "Projects" });
  const invitations = h("section", { "aria-labelledby": "inv-title", hidden: true });
  const name = h("input", { type: "text", name: "projectName", required: true, maxlength: 200 });
  const create = h("form", { class: "inline" }, field("Project name", name), h("button", { type: "submit" }, "Create project"));
  create.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.clear();
    try {
      const { projectId } = await client.projects.create(name.value);
      navigate(`/projects/${projectId}`);
    } catch (e) {
      error.show(e);
    }
  });

  mount(main, h("h1", {}, "Projects"), invitations, create, error.element, list);

  async function load(): Promise<void> {
    try {
      // Invitations are shown to verified addresses only; an unverified user is pointed to the account page.
      const verified = (await me()).emailVerified !== false;
      const [projects, pending] = await Promise.all([
        client.projects.list() as Promise<ProjectItem[]>,
        verified ? client.invitations.list() as Promise<InvitationItem[]> : Promise.resolve([] as InvitationItem[]),
      ]);
      mount(list, projects.length === 0
        ? h("li", { class: "empty" }, "No projects yet: create one above.")
        : projects.map((p) => h("li", {}, h("a", { href: `/projects/${p.projectId}` }, p.name), " ", h("span", { class: "badge" }, p.role))));
      invitations.hidden = pending.length === 0 && verified;
      if (!verified) {
        mount(invitations, h("p", { class: "hint" }, "Invitations sent to your address show here once you ",
          h("a", { href: "/account" }, "verify your e-mail"), "."));
        return;
      }
      mount(invitations, h("h2", { id: "inv-title" }, "Invitations"), h("ul", { class: "list" }, pending.map((i) =>
        h("li", {}, `${invitedTo(i)} (${i.role}) from ${i.invitedBy} `,
          h("button", { type: "button", onclick: () => answer(i, true) }, "Accept"), " ",
          h("button", { type: "button", class: "secondary", onclick: () => answer(i, false) }, "Decline")))));
    } catch (e) {
      error.show(e);
    }
  }

  async function answer(invitation: InvitationItem, accept: boolean): Promise<void> {
    try {
      if (accept) await client.invitations.accept(invitation.invitationId);
      else await client.invitations.decline(invitation.invitationId);
      toast(accept ? `You joined ${invitedTo(invitation)}.` : "Invitation declined.");
      await load();
    } catch (e) {
      error.show(e);
    }
  }

  await load();
}
