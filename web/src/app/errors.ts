import { ApiError } from "@powerautomation/client";
import { h } from "./dom";

/** What a person reads for any failure: an API error's detail, never a stack trace or "[object Object]". */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.detail || error.title || `The server answered ${error.status}.`;
  if (error instanceof TypeError) return "The server cannot be reached. Check your connection and try again.";
  if (error instanceof Error && error.message) return error.message;
  return "Something went wrong.";
}

/** An alert box for a form or page: empty until `show` is called. */
export function errorBox(): { element: HTMLElement; show(error: unknown): void; clear(): void } {
  const element = h("p", { class: "error", role: "alert", hidden: true });
  return {
    element,
    show(error) {
      element.textContent = describeError(error);
      element.hidden = false;
    },
    clear() {
      element.textContent = "";
      element.hidden = true;
    },
  };
}

/** A short message in the corner that goes away by itself. */
export function toast(message: string, kind: "info" | "error" = "info"): void {
  const host = document.getElementById("toasts");
  if (!host) return;
  const item = h("div", { class: `toast ${kind}` }, message);
  host.append(item);
  setTimeout(() => item.remove(), 6000);
}
