// Pieces the console sections share: tables, cursor-paged tables with "More", a refresh button.
import { errorBox } from "../app/errors";
import { h } from "../app/dom";

type Cell = Node | string | number | null | undefined | false | (Node | string)[];

/** A table in a horizontally scrolling wrapper, so a narrow window scrolls it instead of the page. */
export function table(label: string, columns: string[], rows: HTMLTableRowElement[]): HTMLElement {
  return h("div", { class: "table-wrap" }, h("table", { "aria-label": label },
    h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, rows)));
}

export function row(cells: Cell[], attributes: Record<string, string> = {}): HTMLTableRowElement {
  return h("tr", attributes, cells.map((c) => h("td", {}, c as never)));
}

export interface Page<T> { items: T[]; nextCursor?: string | null; }

/**
 * A table filled a page at a time; "More" asks for the next page with the cursor the last one gave.
 * At most `max` rows are kept: past that the person is asked to search instead.
 */
export function pagedTable<T>(options: {
  label: string; columns: string[]; row: (item: T) => HTMLTableRowElement; empty: string;
  fetch: (cursor: string | undefined) => Promise<Page<T>>; max?: number;
}): { element: HTMLElement; reload(): Promise<void> } {
  const max = options.max ?? 1000;
  const error = errorBox();
  const body = h("tbody", {});
  const status = h("p", { class: "muted", "aria-live": "polite" });
  const more = h("button", { type: "button", class: "secondary", hidden: true }, "More");
  const element = h("div", {}, error.element,
    h("div", { class: "table-wrap" }, h("table", { "aria-label": options.label },
      h("thead", {}, h("tr", {}, options.columns.map((c) => h("th", { scope: "col" }, c)))), body)),
    status, more);
  let cursor: string | undefined;
  let shown = 0;
  let generation = 0;

  async function load(reset: boolean): Promise<void> {
    const mine = reset ? ++generation : generation;
    if (reset) {
      cursor = undefined;
      shown = 0;
    }
    error.clear();
    more.disabled = true;
    try {
      const page = await options.fetch(cursor);
      if (mine !== generation) return; // a newer search replaced this one
      if (reset) body.replaceChildren();
      const room = Math.max(0, max - shown);
      body.append(...page.items.slice(0, room).map(options.row));
      shown += Math.min(room, page.items.length);
      cursor = page.nextCursor ?? undefined;
      const capped = shown >= max && !!cursor;
      more.hidden = !cursor || capped;
      status.textContent = shown === 0 ? options.empty
        : capped ? `Showing the first ${shown}; search to narrow the list.` : `${shown} shown${cursor ? ", more available" : ""}.`;
    } catch (e) {
      if (mine === generation) error.show(e);
    } finally {
      more.disabled = false;
    }
  }

  more.addEventListener("click", () => void load(false));
  return { element, reload: () => load(true) };
}

/** A "Refresh" button that runs `action` (disabled while it runs). */
export function refreshButton(action: () => Promise<void>, label = "Refresh"): HTMLButtonElement {
  const button = h("button", { type: "button", class: "secondary" }, label);
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await action();
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

export function yesNo(value: boolean | null | undefined, yes = "yes", no = "no"): HTMLElement {
  return h("span", { class: value ? "badge status-succeeded" : "badge" }, value ? yes : no);
}

/** Milliseconds for people: "12 ms", "1.4 s", or a dash when there is no figure yet. */
export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  return value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}
