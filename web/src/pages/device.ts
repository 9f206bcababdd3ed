import { ApiError } from "@powerautomation/client";
import { errorBox } from "../app/errors";
import { field, formatTime, h, mount } from "../app/dom";
import { client } from "../app/session";

interface DeviceRequest {
  userCode: string; clientId: string; deviceName?: string | null; requestedAt: string; expiresAt: string;
  status: "pending" | "approved" | "denied" | "issued"; requestedFrom?: string | null;
}

const clientNames: Record<string, string> = { "pa-cli": "the pa command line", "pa-desktop": "the desktop editor" };

/**
 * `/device` (RFC 8628's verification page): enter the code a CLI or editor shows (prefilled from `?user_code=`), see
 * what is asking, approve or deny. Nothing is approved without the person pressing Approve.
 */
export function renderDevice(main: HTMLElement): void {
  const code = h("input", {
    type: "text", name: "userCode", autocomplete: "off", autocapitalize: "characters", spellcheck: false, required: true,
    maxlength: 32, placeholder: "BCDF-GHJK", class: "code", value: new URLSearchParams(location.search).get("user_code") ?? "",
  });
  const error = errorBox();
  const result = h("p", { role: "status", "data-testid": "device-result", hidden: true });
  const details = h("div", { "aria-live": "polite" });
  const find = h("button", { type: "submit" }, "Continue");
  const form = h("form", { class: "card narrow", "aria-labelledby": "device-title" },
    h("h1", { id: "device-title" }, "Sign in a device"),
    h("p", { class: "muted" }, "Enter the code your command line or editor shows."),
    field("Code", code), error.element, find);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void lookUp();
  });
  mount(main, form, details, result);
  if (code.value) void lookUp();
  else code.focus();

  async function lookUp(): Promise<void> {
    error.clear();
    result.hidden = true;
    mount(details);
    find.disabled = true;
    try {
      const request = await client.http.request<DeviceRequest>("GET", `/api/v1/auth/device/${encodeURIComponent(code.value.trim())}`);
      showRequest(request);
    } catch (e) {
      error.show(e);
    } finally {
      find.disabled = false;
    }
  }

  function showRequest(request: DeviceRequest): void {
    const who = request.deviceName ? `${request.deviceName} (${clientNames[request.clientId] ?? request.clientId})` : clientNames[request.clientId] ?? request.clientId;
    const approve = h("button", { type: "button", onclick: () => void decide("approve") }, "Approve");
    const deny = h("button", { type: "button", class: "secondary", onclick: () => void decide("deny") }, "Deny");
    const pending = request.status === "pending";
    mount(details, h("section", { class: "card narrow", "aria-labelledby": "device-request-title", "data-testid": "device-request" },
      h("h2", { id: "device-request-title" }, `${who} asks to sign in as you`),
      h("dl", { class: "facts" },
        h("dt", {}, "Code"), h("dd", { class: "code" }, request.userCode),
        h("dt", {}, "Requested"), h("dd", {}, formatTime(request.requestedAt), request.requestedFrom ? ` from ${request.requestedFrom}` : ""),
        h("dt", {}, "Expires"), h("dd", {}, formatTime(request.expiresAt))),
      pending
        ? h("p", {}, "Only approve if you started this sign-in yourself just now.")
        : h("p", { class: "muted" }, `This request was already ${request.status}.`),
      pending ? h("div", { class: "actions" }, approve, " ", deny) : null));

    async function decide(action: "approve" | "deny"): Promise<void> {
      error.clear();
      approve.disabled = deny.disabled = true;
      try {
        await client.http.request("POST", `/api/v1/auth/device/${action}`, { body: { userCode: request.userCode } });
        mount(details);
        result.textContent = action === "approve"
          ? `Approved: ${who} is signed in. You can close this page and return to it.`
          : `Denied: ${who} was not signed in.`;
        result.className = action === "approve" ? "status-succeeded" : "status-failed";
        result.hidden = false;
      } catch (e) {
        approve.disabled = deny.disabled = false;
        if (e instanceof ApiError && (e.code === "expired_token" || e.code === "already_decided")) mount(details);
        error.show(e);
      }
    }
  }
}
