import { errorBox, toast } from "../app/errors";
import { field, formatTime, h, mount } from "../app/dom";
import { renderHeader } from "../app/layout";
import { deviceId, refreshMe, client } from "../app/session";

interface Device { deviceId: string; deviceName?: string | null; name?: string | null; activatedAt?: string; lastSeenAt?: string; }
interface MyLicense {
  licenseId: string; edition: string; expiresAt: string; maxDevices: number; features?: string[];
  devices: Device[]; revoked?: boolean; revokedBecause?: string | null;
}

const MaxLicensesShown = 50;

/** A name for this browser as a device, e.g. "Chrome on Linux", so a seat list says which is which. */
export function describeBrowser(): string {
  const agent = navigator.userAgent;
  const browser = /Edg\//.test(agent) ? "Edge" : /OPR\//.test(agent) ? "Opera" : /Firefox\//.test(agent) ? "Firefox"
    : /Chrom(e|ium)\//.test(agent) ? "Chrome" : /Safari\//.test(agent) ? "Safari" : "Browser";
  const system = /Windows/.test(agent) ? "Windows" : /Android/.test(agent) ? "Android" : /iPhone|iPad/.test(agent) ? "iOS"
    : /Mac OS X/.test(agent) ? "macOS" : /CrOS/.test(agent) ? "ChromeOS" : /Linux/.test(agent) ? "Linux" : "";
  return system ? `${browser} on ${system}` : browser;
}

/** The signed-in user's licences with their devices; activate a key on this browser, release a device. */
export async function renderLicenses(main: HTMLElement, _params: Record<string, string> = {}): Promise<void> {
  const error = errorBox();
  const list = h("div", { "aria-live": "polite" }, h("p", { class: "empty" }, "Loading…"));
  const thisDevice = deviceId();

  const key = h("textarea", { name: "licenseKey", rows: 3, required: true, spellcheck: false, autocomplete: "off", class: "code", maxlength: 8192 });
  const deviceName = h("input", { type: "text", name: "deviceName", value: describeBrowser(), maxlength: 200 });
  const activateError = errorBox();
  const activate = h("button", { type: "submit" }, "Activate");
  const form = h("form", { class: "card", "aria-labelledby": "activate-title" },
    h("h2", { id: "activate-title" }, "Activate on this browser"),
    field("Licence key", key, "Starts with PA1."),
    field("Device name", deviceName, `This browser's device id is ${thisDevice}.`),
    activateError.element, activate);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    activateError.clear();
    activate.disabled = true;
    try {
      const result = (await client.licenses.activate({ licenseKey: key.value.trim(), deviceId: thisDevice, deviceName: deviceName.value.trim() || undefined })) as unknown as { edition: string; expiresAt: string };
      key.value = "";
      toast(`Activated: ${result.edition} edition until ${formatTime(result.expiresAt)}.`);
      await refreshMe().catch(() => undefined);
      await renderHeader();
      await load();
    } catch (e) {
      activateError.show(e);
    } finally {
      activate.disabled = false;
    }
  });

  mount(main, h("h1", {}, "Licences"), error.element,
    h("div", { class: "columns" }, h("section", { "aria-labelledby": "mine-title" }, h("h2", { id: "mine-title" }, "Your licences"), list), h("aside", {}, form)));

  async function load(): Promise<void> {
    error.clear();
    try {
      const licenses = (await client.licenses.mine()) as unknown as MyLicense[];
      mount(list, licenses.length === 0
        ? h("p", { class: "empty" }, "You have no licences: you use the community edition.")
        : licenses.slice(0, MaxLicensesShown).map(renderLicense),
        licenses.length > MaxLicensesShown ? h("p", { class: "muted" }, `Showing ${MaxLicensesShown} of ${licenses.length}.`) : null);
    } catch (e) {
      mount(list);
      error.show(e);
    }
  }

  function renderLicense(license: MyLicense): HTMLElement {
    const revoked = license.revoked || !!license.revokedBecause;
    const expired = new Date(license.expiresAt).getTime() < Date.now();
    const devices = license.devices ?? [];
    return h("section", { class: "card license", "data-license": license.licenseId, "aria-label": `${license.edition} licence` },
      h("h3", {}, h("span", { class: "badge" }, license.edition), " licence ",
        revoked ? h("span", { class: "badge status-failed" }, "revoked") : expired ? h("span", { class: "badge status-failed" }, "expired") : null),
      h("p", { class: "muted" }, `Expires ${formatTime(license.expiresAt)} · ${devices.length} of ${license.maxDevices} device${license.maxDevices === 1 ? "" : "s"}`,
        license.features?.length ? ` · features: ${license.features.join(", ")}` : "", " · ", h("code", {}, license.licenseId)),
      devices.length === 0 ? h("p", { class: "empty" }, "Not activated on any device.") : h("div", { class: "table-wrap" }, h("table", {},
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Device"), h("th", { scope: "col" }, "Activated"), h("th", { scope: "col" }, h("span", { class: "sr-only" }, "Actions")))),
        h("tbody", {}, devices.map((d) => {
          const name = d.deviceName ?? d.name ?? d.deviceId;
          return h("tr", { "data-device": d.deviceId },
            h("td", {}, name, d.deviceId === thisDevice ? [" ", h("span", { class: "badge" }, "this browser")] : null,
              h("div", { class: "muted" }, h("code", {}, d.deviceId))),
            h("td", {}, formatTime(d.activatedAt)),
            h("td", {}, h("button", { type: "button", class: "small danger", "aria-label": `Release ${name}`, onclick: () => release(license, d, name) }, "Release")));
        })))));
  }

  async function release(license: MyLicense, device: Device, name: string): Promise<void> {
    if (!confirm(`Release ${name}? It will need the key again to use the ${license.edition} edition.`)) return;
    error.clear();
    try {
      await client.licenses.releaseDevice(license.licenseId, device.deviceId);
      toast(`Released ${name}.`);
      await refreshMe().catch(() => undefined);
      await renderHeader();
      await load();
    } catch (e) {
      error.show(e);
    }
  }

  await load();
}
