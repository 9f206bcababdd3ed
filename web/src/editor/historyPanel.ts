import { errorBox } from "../app/errors";
import { field, formatTime, h, mount } from "../app/dom";
import { client } from "../app/session";

interface HistoryItem { revision: number; operation: (number | string)[]; authorId: string; timestamp: string; }

/** The document's recent operations and any past revision's full text. */
export function renderHistoryPanel(host: HTMLElement, documentId: string, currentRevision: () => number): void {
  const error = errorBox();
  const list = h("ol", { class: "list history", "aria-label": "Recent changes" });
  const revision = h("input", { type: "number", name: "revision", min: 0, step: 1, required: true });
  const preview = h("pre", { class: "revision-preview", "data-testid": "revision-preview", hidden: true });
  const form = h("form", { class: "inline" }, field("Revision", revision), h("button", { type: "submit" }, "Show"));
  const refresh = h("button", { type: "button", class: "secondary" }, "Refresh");
  const section = h("section", { class: "card", "aria-labelledby": "history-title" },
    h("details", {}, h("summary", { id: "history-title" }, "History"), refresh, list, form, error.element, preview));
  host.append(section);

  async function load(): Promise<void> {
    error.clear();
    const head = currentRevision();
    revision.max = String(head);
    if (!revision.value) revision.value = String(head);
    try {
      const items = await client.documents.history(documentId, Math.max(0, head - 20), 20) as HistoryItem[];
      mount(list, items.length === 0 ? h("li", { class: "empty" }, "No changes yet.") : items.reverse().map((item) =>
        h("li", {}, h("button", { type: "button", class: "link", onclick: () => show(item.revision) }, `r${item.revision}`),
          ` ${describe(item.operation)} · ${formatTime(item.timestamp)}`)));
    } catch (e) {
      error.show(e);
    }
  }

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

function describe(operation: (number | string)[]): string {
  let inserted = 0, deleted = 0;
  for (const c of operation) {
    if (typeof c === "string") inserted += c.length;
    else if (c < 0) deleted -= c;
  }
  return [inserted ? `+${inserted}` : "", deleted ? `−${deleted}` : ""].filter(Boolean).join(" ") || "no change";
}
