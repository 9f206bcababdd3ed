import type { AuditEvent } from "@powerautomation/client";
import { append, field, formatTime, h } from "../app/dom";
import { client } from "../app/session";
import { pagedTable, row } from "./ui";

/** The security audit log: newest first, filtered by user, kind and time. */
export async function renderAuditSection(container: HTMLElement): Promise<void> {
  const params = new URLSearchParams(location.search);
  const userId = h("input", { type: "text", name: "userId", maxlength: 36, autocomplete: "off", value: params.get("user") ?? "", class: "code" });
  const kind = h("input", { type: "text", name: "kind", maxlength: 64, autocomplete: "off", value: params.get("kind") ?? "", placeholder: "login.failed" });
  const from = h("input", { type: "datetime-local", name: "from" });
  const to = h("input", { type: "datetime-local", name: "to" });
  const form = h("form", { class: "inline", role: "search" },
    field("User id", userId), field("Kind", kind, "Exact, e.g. user.disabled"), field("From", from), field("To", to),
    h("button", { type: "submit" }, "Filter"));
  const iso = (input: HTMLInputElement) => (input.value ? new Date(input.value).toISOString() : undefined);
  const events = pagedTable<AuditEvent>({
    label: "Audit events",
    columns: ["When", "Kind", "Subject", "User id", "Address", "Detail"],
    empty: "No events match.",
    fetch: (cursor) => client.admin.audit({
      userId: userId.value.trim() || undefined, kind: kind.value.trim() || undefined, from: iso(from), to: iso(to), cursor,
    }),
    row: (e) => row([
      formatTime(e.occurredAt), h("code", {}, e.kind), e.subject ?? "—",
      e.userId ? h("a", { href: `/admin/audit?user=${e.userId}`, class: "code" }, e.userId) : "—",
      e.ipAddress ?? "—", e.detail ?? "",
    ], { "data-kind": e.kind }),
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void events.reload();
  });
  append(container, [form, events.element]);
  await events.reload();
}
