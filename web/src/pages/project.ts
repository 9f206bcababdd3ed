import { errorBox, toast } from "../app/errors";
import { field, h, mount } from "../app/dom";
import { navigate } from "../app/router";
import { client, me } from "../app/session";
import { buildTree, fileCount, type FileEntry, type Folder } from "./fileTree";

interface Member { userId: string; email: string; displayName: string; role: string; }
interface PendingInvitation { invitationId: string; email: string; role: string; }
interface ProjectDetails { projectId: string; name: string; role: string; members: Member[]; invitations?: PendingInvitation[]; }

/** A project: its file tree (create, open, rename or move, delete), search, members and invitations. */
export async function renderProject(main: HTMLElement, { projectId }: Record<string, string>): Promise<void> {
  const error = errorBox();
  const title = h("h1", {}, "Project");
  const tree = h("div", { class: "tree", role: "region", "aria-label": "Files" });
  const members = h("section", { class: "card", "aria-labelledby": "members-title" });
  const settings = h("section", { class: "card", "aria-labelledby": "settings-title", hidden: true });
  const searchResults = h("ol", { class: "list", "aria-label": "Search results" });

  const newPath = h("input", { type: "text", name: "path", required: true, placeholder: "src/main.ts", maxlength: 1024 });
  const createForm = h("form", { class: "inline" }, field("New file path", newPath), h("button", { type: "submit" }, "Create file"));
  createForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.clear();
    try {
      const { documentId } = await client.projects.createDocument(projectId, newPath.value, "");
      navigate(`/documents/${documentId}`);
    } catch (e) {
      error.show(e);
    }
  });

  const query = h("input", { type: "search", name: "q", maxlength: 1000 });
  const searchForm = h("form", { class: "inline", role: "search" }, field("Search this project", query), h("button", { type: "submit" }, "Search"));
  searchForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.clear();
    try {
      const hits = await client.projects.search(projectId, query.value, 20) as { documentId: string; path: string; snippet: string; score: number }[];
      mount(searchResults, hits.length === 0 ? h("li", { class: "empty" }, "No matches.") : hits.map((hit) =>
        h("li", {}, h("a", { href: `/documents/${hit.documentId}` }, hit.path), h("pre", { class: "snippet" }, hit.snippet))));
    } catch (e) {
      error.show(e);
    }
  });

  mount(main, h("p", {}, h("a", { href: "/" }, "← Projects")), title, error.element,
    h("div", { class: "columns" },
      h("section", { "aria-label": "Files and search" }, createForm, tree, searchForm, searchResults),
      h("aside", {}, members, settings)));

  let details: ProjectDetails;
  let documents: FileEntry[] = [];
  const openFolders = new Set<string>([""]);

  async function load(): Promise<void> {
    try {
      [details, documents] = await Promise.all([
        client.projects.get(projectId) as Promise<ProjectDetails>,
        client.projects.documents(projectId) as Promise<FileEntry[]>,
      ]);
    } catch (e) {
      error.show(e);
      return;
    }
    title.textContent = details.name;
    document.title = `${details.name} · ClaudeEditor`;
    renderTree();
    await renderMembers();
    renderSettings();
  }

  const canEdit = () => details.role === "owner" || details.role === "editor";

  function renderTree(): void {
    const root = buildTree(documents);
    mount(tree, documents.length === 0
      ? h("p", { class: "empty" }, "No files yet.")
      : h("ul", { class: "tree-root" }, renderFolderContents(root)),
      h("p", { class: "muted" }, `${documents.length} file${documents.length === 1 ? "" : "s"}`));
  }

  // Folder contents are built when a folder is first opened, so a tree of thousands of files stays quick.
  function renderFolderContents(folder: Folder): HTMLElement[] {
    const items: HTMLElement[] = [];
    for (const sub of folder.folders) {
      const list = h("ul", {});
      const details = h("details", {}, h("summary", {}, `${sub.name}/ `, h("span", { class: "muted" }, `(${fileCount(sub)})`)), list);
      const fill = () => { if (!list.hasChildNodes()) list.append(...renderFolderContents(sub)); };
      details.addEventListener("toggle", () => {
        if (details.open) { openFolders.add(sub.path); fill(); } else openFolders.delete(sub.path);
      });
      if (openFolders.has(sub.path)) { details.open = true; fill(); }
      items.push(h("li", { class: "folder" }, details));
    }
    for (const file of folder.files) items.push(renderFile(file));
    return items;
  }

  function renderFile(file: FileEntry & { name: string }): HTMLElement {
    const row = h("li", { class: "file", "data-path": file.path },
      h("a", { href: `/documents/${file.documentId}` }, file.name));
    if (canEdit()) {
      row.append(" ",
        h("button", { type: "button", class: "small secondary", "aria-label": `Rename ${file.path}`, onclick: () => startRename(row, file) }, "Rename"), " ",
        h("button", { type: "button", class: "small danger", "aria-label": `Delete ${file.path}`, onclick: () => remove(file) }, "Delete"));
    }
    return row;
  }

  function startRename(row: HTMLElement, file: FileEntry): void {
    const input = h("input", { type: "text", name: "newPath", value: file.path, required: true, maxlength: 1024 });
    const form = h("form", { class: "inline" }, field(`New path for ${file.path}`, input), h("button", { type: "submit" }, "Save"),
      h("button", { type: "button", class: "secondary", onclick: () => renderTree() }, "Cancel"));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      error.clear();
      try {
        await client.documents.rename(file.documentId, input.value);
        toast(`Moved to ${input.value}.`);
        await load();
      } catch (e) {
        error.show(e);
      }
    });
    row.replaceChildren(form);
    input.focus();
    input.select();
  }

  async function remove(file: FileEntry): Promise<void> {
    if (!confirm(`Delete ${file.path}? This cannot be undone.`)) return;
    error.clear();
    try {
      await client.documents.delete(file.documentId);
      toast(`Deleted ${file.path}.`);
      await load();
    } catch (e) {
      error.show(e);
    }
  }

  async function renderMembers(): Promise<void> {
    const self = await me();
    const isOwner = details.role === "owner";
    const rows = details.members.map((m) => h("li", {}, `${m.displayName || m.email} `, h("span", { class: "muted" }, m.email), " ",
      h("span", { class: "badge" }, m.role), " ",
      m.userId === self.userId
        ? h("button", { type: "button", class: "small secondary", onclick: () => removeMember(m, true) }, "Leave project")
        : isOwner ? h("button", { type: "button", class: "small danger", "aria-label": `Remove ${m.email}`, onclick: () => removeMember(m, false) }, "Remove") : null));
    const pending = (details.invitations ?? []).map((i) => h("li", {}, `${i.email} `, h("span", { class: "badge" }, `${i.role}, invited`), " ",
      h("button", { type: "button", class: "small secondary", "aria-label": `Cancel invitation for ${i.email}`, onclick: () => cancelInvitation(i) }, "Cancel")));
    const email = h("input", { type: "email", name: "inviteEmail", required: true });
    const role = h("select", { name: "role" }, ...["editor", "viewer", "owner"].map((r) => h("option", { value: r }, r)));
    const invite = h("form", { class: "inline" }, field("Invite by email", email), field("Role", role), h("button", { type: "submit" }, "Invite"));
    invite.addEventListener("submit", async (event) => {
      event.preventDefault();
      error.clear();
      try {
        await client.projects.addMember(projectId, email.value, role.value as "owner" | "editor" | "viewer");
        toast(`Invitation sent to ${email.value}.`);
        await load();
      } catch (e) {
        error.show(e);
      }
    });
    mount(members, h("h2", { id: "members-title" }, "Members"), h("ul", { class: "list" }, rows),
      pending.length ? [h("h3", {}, "Pending invitations"), h("ul", { class: "list" }, pending)] : null,
      isOwner ? invite : null);
  }

  async function removeMember(member: Member, self: boolean): Promise<void> {
    if (!confirm(self ? "Leave this project?" : `Remove ${member.email} from this project?`)) return;
    error.clear();
    try {
      await client.projects.removeMember(projectId, member.userId);
      if (self) navigate("/");
      else await load();
    } catch (e) {
      error.show(e);
    }
  }

  async function cancelInvitation(invitation: PendingInvitation): Promise<void> {
    error.clear();
    try {
      await client.projects.cancelInvitation(projectId, invitation.invitationId);
      await load();
    } catch (e) {
      error.show(e);
    }
  }

  function renderSettings(): void {
    settings.hidden = details.role !== "owner";
    if (settings.hidden) return;
    const name = h("input", { type: "text", name: "name", value: details.name, required: true, maxlength: 200 });
    const rename = h("form", { class: "inline" }, field("Project name", name), h("button", { type: "submit" }, "Rename project"));
    rename.addEventListener("submit", async (event) => {
      event.preventDefault();
      error.clear();
      try {
        await client.projects.rename(projectId, name.value);
        await load();
      } catch (e) {
        error.show(e);
      }
    });
    const remove = h("button", { type: "button", class: "danger", onclick: async () => {
      if (!confirm(`Delete the project ${details.name} and all its files?`)) return;
      try {
        await client.projects.delete(projectId);
        navigate("/");
      } catch (e) {
        error.show(e);
      }
    } }, "Delete project");
    mount(settings, h("h2", { id: "settings-title" }, "Settings"), rename, remove);
  }

  await load();
}
