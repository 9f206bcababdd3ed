// History-API routing: a page is a function that renders into the main element and may return a cleanup.

export type Cleanup = () => void;
export type Page = (main: HTMLElement, params: Record<string, string>) => Promise<Cleanup | void> | Cleanup | void;

interface Route { pattern: RegExp; names: string[]; page: Page; }

const routes: Route[] = [];
let cleanup: Cleanup | void;
let rendering = 0;

/** Registers a route like "/projects/:projectId". */
export function route(path: string, page: Page): void {
  const names: string[] = [];
  const source = path.replace(/:([a-zA-Z]+)/g, (_, name) => { names.push(name); return "([^/]+)"; });
  routes.push({ pattern: new RegExp(`^${source}/?$`), names, page });
}

export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  void render();
}

/** Renders the page for the current location; a later navigation wins over a slow earlier one. */
export async function render(): Promise<void> {
  const main = document.getElementById("main")!;
  const token = ++rendering;
  try { cleanup?.(); } catch { /* a page's cleanup must not stop the next page */ }
  cleanup = undefined;
  const path = location.pathname;
  for (const r of routes) {
    const match = r.pattern.exec(path);
    if (!match) continue;
    const params = Object.fromEntries(r.names.map((name, i) => [name, decodeURIComponent(match[i + 1])]));
    main.replaceChildren();
    const result = await r.page(main, params);
    if (token === rendering) cleanup = result;
    else if (result) result();
    return;
  }
  main.replaceChildren();
  main.append(Object.assign(document.createElement("h1"), { textContent: "Page not found" }));
}

/** Links inside the app navigate without reloading. */
export function interceptLinks(): void {
  document.addEventListener("click", (event) => {
    const anchor = (event.target as Element | null)?.closest?.("a");
    if (!anchor || anchor.target || anchor.hasAttribute("download") || event.defaultPrevented) return;
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const url = new URL(anchor.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith("/api/")) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
  window.addEventListener("popstate", () => void render());
}
