import { h, mount } from "../app/dom";

// Being built (issue 12): this page is filled in by the console work.
export async function renderAdmin(main: HTMLElement, _params: Record<string, string>): Promise<void> {
  mount(main, h("h1", {}, "Coming soon"));
}
