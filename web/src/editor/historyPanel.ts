import { errorBox } from "../app/errors";
import { field, formatTime, h, mount } from "../app/dom";
import { client } from "../app/session";

interface HistoryItem {
  revision: number; operation: (number | string)[]; authorId: string; timestamp: string;
  authorKind?: string; model?: string; runId?: string; agent?: string; undoOf?: number[];
}

/**
 * The document's recent operations (AI and workflow edits marked, each AI edit undoable on its own while others keep
 * typing), undo and redo of this tab's changes through the server (so they are taken back around collaborators'
 * later text), named versions with restore, and any past revision's full text.
 */
export function renderHistoryPanel(host: HTMLElement, documentId: string, currentRevision: () => number, clientId: string): void {
  const error = errorBox();
  const list = h("ol", { class: "list history", "aria-label": "Recent changes" });
  const revision = h("input", { type: "number", name: "revision", min: 0, step: 1, required: true });
  const preview = h("pre", { class: "revision-preview", "data-testid": "revision-preview", hidden: true });
  const form = h("form", { class: "inline" }, field("Revision", revision), h("button", { type: "submit" }, "Show"));
  const refresh = h("button", { type: "button", class: "secondary" }, "Refresh");
  const undoTab = h("button", { type: "button", class: "secondary", onclick: () => void undo({ clientId }) }, "Undo my last change");
  const redoTab = h("button", { type: "button", class: "secondary", onclick: () => void undo({ clientId, redo: true }) }, "Redo");
  const versionName = h("input", { type: "text", name: "versionName", maxlength: 200, required: true });
  const versionForm = h("form", { class: "inline" }, field("Version name", versionName), h("button", { type: "submit" }, "Save version"));
  const versions = h("ul", { class: "list versions", "aria-label": "Named versions" });
  const section = h("section", { class: "card", "aria-labelledby": "history-title" },
    h("details", {}, h("summary", { id: "history-title" }, "History"), h("div", { class: "inline" }, refresh, undoTab, redoTab), list,
      versionForm, versions, form, error.element, preview));
  host.append(section);

  async function load(): Promise<void> {
    error.clear();
    const head = currentRevision();
    revision.max = String(head);
    if (!revision.value) revision.value = String(head);
    try {
      const items = await client.documents.history(documentId, Math.max(0, head - 20), 20) as HistoryItem[];
      mount(list, items.length === 0 ? h("li", { class: "empty" }, "No changes yet.") : items.reverse().map((item) =>
        h("li", { class: `author-${item.authorKind ?? "user"}` },
          h("button", { type: "button", class: "link", onclick: () => show(item.revision) }, `r${item.revision}`),
          ` ${byline(item)}${describe(item.operation)} · ${formatTime(item.timestamp)}`,
          item.authorKind === "ai" && item.runId
            ? h("button", { type: "button", class: "link", onclick: () => void undo({ runId: item.runId }) }, "Undo AI edit")
            : "")));
      const named = await client.documents.versions(documentId);
      mount(versions, named.map((v) => h("li", {}, `${v.name} (r${v.revision}) `,
        h("button", { type: "button", class: "link", onclick: () => void restore(v.revision) }, `Restore ${v.name}`))));
    } catch (e) {
      error.show(e);
    }
  }

  async function undo(body: { clientId?: string; runId?: string; redo?: boolean }): Promise<void> {
    error.clear();
    try {
      await client.documents.undo(documentId, body);
      await load();
    } catch (e) {
      error.show(e);
    }
  }

  async function restore(value: number): Promise<void> {
    error.clear();
    try {
      await client.documents.restore(documentId, value);
      await load();
    } catch (e) {
      error.show(e);
    }
  }

  versionForm.addEventListener("submit", (event) => {
    event.preventDefault();
    error.clear();
    void client.documents.createVersion(documentId, versionName.value.trim())
      .then(() => { versionName.value = ""; return load(); })
      .catch((e) => error.show(e));
  });

  async function show(value: number): Promise<void> {
    error.clear();
    revision.value = String(value);
    try {
      const { content } = await client.documents.content(documentId, value) as { content: string };
      preview.textContent = content;
      preview.hidden = false;
      preview.setAttribute("aria-label", `Text at revision ${value}`);
    } catch (e) {
      error.show(e);
    }
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); void show(Number(revision.value)); });
  refresh.addEventListener("click", () => void load());
  section.querySelector("details")!.addEventListener("toggle", (event) => { if ((event.target as HTMLDetailsElement).open) void load(); });
}

function byline(item: HistoryItem): string {
  if (item.undoOf) return item.authorKind === "user" ? "undo · " : "";
  if (item.authorKind === "ai") return `AI${item.model ? ` (${item.model})` : ""}${item.agent ? ` via ${item.agent}` : ""} · `;
  if (item.authorKind === "workflow") return "workflow · ";
  return "";
}

function describe(operation: (number | string)[]): string {
  let inserted = 0, deleted = 0;
  for (const c of operation) {
    if (typeof c === "string") inserted += c.length;
    else if (c < 0) deleted -= c;
  }
  return [inserted ? `+${inserted}` : "", deleted ? `−${deleted}` : ""].filter(Boolean).join(" ") || "no change";
}
