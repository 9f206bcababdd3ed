import { errorBox, toast } from "../app/errors";
import { append, field, formatTime, h, mount } from "../app/dom";
import { client } from "../app/session";
import { pagedTable, row, type Page } from "./ui";

interface AdminLicense {
  licenseId: string; email: string; edition: string; expiresAt: string; maxDevices: number;
  devices: number | unknown[]; revoked: boolean;
}
interface Seat { deviceId: string; name?: string | null; deviceName?: string | null; activatedAt?: string; lastSeenAt?: string; }

const editions = ["personal", "professional", "team", "enterprise"];
const Columns = ["Email", "Edition", "Expires", "Devices", "Status", "Actions"];

/** Issue a licence (its key shown once), list licences, revoke one with a reason, see and release its devices. */
export async function renderLicensesSection(container: HTMLElement): Promise<void> {
  const issued = h("div", { "aria-live": "polite" });
  const query = h("input", { type: "search", name: "licenseQuery", maxlength: 200, autocomplete: "off" });
  const search = h("form", { class: "inline", role: "search" }, field("Search licences", query, "Part of the holder's e-mail address."),
    h("button", { type: "submit" }, "Search"));
  const licenses = pagedTable<AdminLicense>({
    label: "Licences",
    columns: Columns,
    empty: "No licences match.",
    fetch: (cursor) => client.admin.licenses({ query: query.value.trim() || undefined, cursor }) as unknown as Promise<Page<AdminLicense>>,
    row: licenseRow,
  });
  search.addEventListener("submit", (event) => {
    event.preventDefault();
    void licenses.reload();
  });

  append(container, [issueForm(issued, () => licenses.reload()), issued, h("h3", {}, "Licences"), search, licenses.element]);
  await licenses.reload();

  function licenseRow(license: AdminLicense): HTMLTableRowElement {
    const seats = Array.isArray(license.devices) ? license.devices.length : license.devices;
    const expired = new Date(license.expiresAt).getTime() < Date.now();
    const tr = row([
      license.email, h("span", { class: "badge" }, license.edition), formatTime(license.expiresAt), `${seats ?? 0} of ${license.maxDevices}`,
      license.revoked ? h("span", { class: "badge status-failed" }, "revoked") : expired ? h("span", { class: "badge status-failed" }, "expired") : "active",
      h("span", { class: "row" },
        h("button", { type: "button", class: "small secondary", "aria-label": `Devices of ${license.email}'s ${license.edition} licence`, onclick: () => toggle(tr, license, "devices") }, "Devices"),
        license.revoked ? null : h("button", { type: "button", class: "small danger", "aria-label": `Revoke ${license.email}'s ${license.edition} licence`, onclick: () => toggle(tr, license, "revoke") }, "Revoke")),
    ], { "data-license": license.licenseId });
    return tr;
  }

  // Devices and the revoke form open in a row under the licence; opening one closes the other.
  function toggle(tr: HTMLTableRowElement, license: AdminLicense, what: "devices" | "revoke"): void {
    const next = tr.nextElementSibling;
    const open = next?.classList.contains("detail") ? next as HTMLTableRowElement : null;
    const wasOpen = open?.dataset.detail;
    open?.remove();
    if (wasOpen === what) return;
    const cell = h("td", { colspan: Columns.length });
    tr.after(h("tr", { class: "detail", "data-detail": what }, cell));
    if (what === "revoke") revokeForm(cell, license, () => licenses.reload());
    else void devicesPanel(cell, license);
  }
}

function issueForm(issued: HTMLElement, issuedOne: () => Promise<void>): HTMLFormElement {
  const error = errorBox();
  const email = h("input", { type: "email", name: "email", required: true, maxlength: 320, autocomplete: "off" });
  const edition = h("select", { name: "edition" }, editions.map((e) => h("option", { value: e, selected: e === "professional" }, e)));
  const nextYear = new Date();
  nextYear.setFullYear(nextYear.getFullYear() + 1);
  const expires = h("input", { type: "date", name: "expiresAt", required: true, value: nextYear.toISOString().slice(0, 10), min: new Date().toISOString().slice(0, 10) });
  const devices = h("input", { type: "number", name: "maxDevices", required: true, min: 1, max: 10000, step: 1, value: 3 });
  const submit = h("button", { type: "submit" }, "Issue licence");
  const form = h("form", { class: "card", "aria-labelledby": "issue-title" },
    h("h3", { id: "issue-title" }, "Issue a licence"),
    h("div", { class: "inline" }, field("Email", email), field("Edition", edition), field("Expires at", expires, "The end of this day, UTC."),
      field("Max devices", devices)),
    error.element, submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.clear();
    mount(issued);
    submit.disabled = true;
    try {
      const expiresAt = new Date(`${expires.value}T23:59:59Z`);
      if (Number.isNaN(expiresAt.getTime())) throw new Error("Expires at is not a date.");
      const result = (await client.admin.issueLicense({ email: email.value.trim(), edition: edition.value, expiresAt: expiresAt.toISOString(), maxDevices: Number(devices.value) })) as unknown as { licenseId: string; licenseKey: string };
      showKey(issued, email.value.trim(), edition.value, result.licenseKey);
      form.reset();
      expires.value = nextYear.toISOString().slice(0, 10);
      await issuedOne();
    } catch (e) {
      error.show(e);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

/** The key exists only in this answer: it is shown once, with a copy button, and never listed again. */
function showKey(host: HTMLElement, email: string, edition: string, key: string): void {
  const text = h("textarea", { readonly: true, rows: 3, class: "code", spellcheck: false, "data-testid": "issued-key" }, key);
  const copy = h("button", { type: "button" }, "Copy key");
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(key);
      toast("Licence key copied.");
    } catch {
      // Without clipboard permission the key is selected, so Ctrl+C copies it.
      text.focus();
      text.select();
      toast("Select-all done: press Ctrl+C (⌘C) to copy.");
    }
  });
  mount(host, h("section", { class: "card issued", "aria-labelledby": "issued-title" },
    h("h3", { id: "issued-title" }, `Licence issued to ${email} (${edition})`),
    field("Licence key", text, "Shown only now: copy it and send it to the holder."),
    h("p", {}, copy, " ", h("button", { type: "button", class: "secondary", onclick: () => mount(host) }, "Done"))));
  text.focus();
  text.select();
}

function revokeForm(cell: HTMLElement, license: AdminLicense, revoked: () => Promise<void>): void {
  const error = errorBox();
  const reason = h("input", { type: "text", name: "reason", required: true, maxlength: 500 });
  const form = h("form", { class: "inline" }, field(`Reason for revoking ${license.email}'s licence`, reason),
    h("button", { type: "submit", class: "danger" }, "Revoke licence"), error.element);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.clear();
    try {
      await client.admin.revokeLicense(license.licenseId, reason.value.trim());
      toast(`Revoked ${license.email}'s ${license.edition} licence.`);
      await revoked();
    } catch (e) {
      error.show(e);
    }
  });
  mount(cell, form);
  reason.focus();
}

async function devicesPanel(cell: HTMLElement, license: AdminLicense): Promise<void> {
  const error = errorBox();
  const body = h("div", {}, h("p", { class: "muted" }, "Loading…"));
  mount(cell, error.element, body);
  try {
    const details = (await client.licenses.get(license.licenseId)) as unknown as { devices: Seat[] };
    const seats = details.devices ?? [];
    mount(body, seats.length === 0 ? h("p", { class: "empty" }, "Not activated on any device.")
      : h("ul", { class: "list" }, seats.slice(0, 200).map((d) => {
        const name = d.deviceName ?? d.name ?? d.deviceId;
        const item = h("li", {}, `${name} `, h("code", {}, d.deviceId), h("span", { class: "muted" }, ` activated ${formatTime(d.activatedAt)}`,
          d.lastSeenAt ? `, last seen ${formatTime(d.lastSeenAt)}` : ""), " ",
          h("button", { type: "button", class: "small danger", "aria-label": `Release ${name}`, onclick: async () => {
            if (!confirm(`Release ${name} from ${license.email}'s licence?`)) return;
            error.clear();
            try {
              await client.licenses.releaseDevice(license.licenseId, d.deviceId);
              item.remove();
              toast(`Released ${name}.`);
            } catch (e) {
              error.show(e);
            }
          } }, "Release"));
        return item;
      })));
  } catch (e) {
    mount(body);
    error.show(e);
  }
}
