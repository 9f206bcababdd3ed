import type { Trigger } from "@powerautomation/client";
import { errorBox, toast } from "../app/errors";
import { field, formatTime, h, mount } from "../app/dom";
import { client } from "../app/session";

/** A workflow's triggers (webhook URLs, schedules with their next fire, watched projects) and a form to add one. */
export function triggersPanel(workflowId: string): { element: HTMLElement; load(): Promise<void> } {
  const error = errorBox();
  const list = h("ul", { class: "list", "aria-label": "Triggers" });
  const revealed = h("div", { "aria-live": "polite" });

  const type = h("select", { name: "triggerType" },
    h("option", { value: "webhook" }, "Webhook"), h("option", { value: "schedule" }, "Schedule (cron)"),
    h("option", { value: "document.changed" }, "Document changed"));
  const cron = h("input", { type: "text", name: "cron", placeholder: "0 3 * * *", maxlength: 200 });
  const timezone = h("input", { type: "text", name: "timezone", placeholder: "UTC", maxlength: 100 });
  const projectId = h("input", { type: "text", name: "projectId", maxlength: 36 });
  const pathGlob = h("input", { type: "text", name: "pathGlob", placeholder: "src/**/*.ts", maxlength: 200 });
  const debounce = h("input", { type: "text", name: "debounce", placeholder: "PT10S", maxlength: 20 });
  const scheduleFields = h("div", { hidden: true }, field("Cron", cron, "Five fields: minute hour day month weekday."), field("Time zone", timezone, "An IANA name such as Europe/Berlin."));
  const documentFields = h("div", { hidden: true }, field("Project id", projectId), field("Path glob", pathGlob, "Optional: which files."),
    field("Debounce", debounce, "One run per file per window (ISO 8601, 2 s to 1 h)."));
  const addError = errorBox();
  const add = h("button", { type: "submit" }, "Add trigger");
  const form = h("form", { class: "card", "aria-labelledby": "add-trigger-title" },
    h("h3", { id: "add-trigger-title" }, "Add a trigger"), field("Type", type), scheduleFields, documentFields, addError.element, add);
  type.addEventListener("change", () => {
    scheduleFields.hidden = type.value !== "schedule";
    documentFields.hidden = type.value !== "document.changed";
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    addError.clear();
    add.disabled = true;
    try {
      const spec = type.value === "schedule" ? { type: "schedule", cron: cron.value.trim(), ...(timezone.value.trim() ? { timezone: timezone.value.trim() } : {}) }
        : type.value === "document.changed" ? { type: "document.changed", projectId: projectId.value.trim(),
          ...(pathGlob.value.trim() ? { pathGlob: pathGlob.value.trim() } : {}), ...(debounce.value.trim() ? { debounce: debounce.value.trim() } : {}) }
          : { type: "webhook" };
      const created = await client.workflows.addTrigger(workflowId, spec as never);
      if (created.secret) {
        // Shown once: the server never lists it again.
        mount(revealed, h("p", { class: "secret-once", "data-testid": "webhook-secret" },
          "Webhook secret (copy it now, it is not shown again): ", h("code", {}, created.secret)));
      }
      toast("Trigger added.");
      await load();
    } catch (e) {
      addError.show(e);
    } finally {
      add.disabled = false;
    }
  });

  async function load(): Promise<void> {
    error.clear();
    try {
      const triggers = await client.workflows.triggers(workflowId);
      mount(list, triggers.length === 0 ? h("li", { class: "empty" }, "No triggers: runs start only when someone starts them.") : triggers.map(item));
    } catch (e) {
      error.show(e);
    }
  }

  function item(trigger: Trigger): HTMLElement {
    const remove = h("button", { type: "button", class: "link danger" }, "Delete");
    remove.addEventListener("click", async () => {
      remove.disabled = true;
      try {
        await client.workflows.deleteTrigger(trigger.triggerId);
        await load();
      } catch (e) {
        error.show(e);
        remove.disabled = false;
      }
    });
    const last = trigger.recentFires.at(-1);
    return h("li", { "data-trigger": trigger.triggerId, "data-type": trigger.type },
      h("span", { class: "badge" }, trigger.type), " ",
      trigger.url ? h("code", { class: "webhook-url" }, trigger.url) : null,
      trigger.cron ? [h("code", {}, trigger.cron), ` (${trigger.timezone ?? "UTC"})`, trigger.nextFireAt ? ` · next ${formatTime(trigger.nextFireAt)}` : ""] : null,
      trigger.projectId ? [`project `, h("code", {}, trigger.projectId.slice(0, 8)), trigger.pathGlob ? ` · ${trigger.pathGlob}` : "", trigger.debounce ? ` · ${trigger.debounce}` : ""] : null,
      h("div", { class: "muted" }, trigger.recentFires.length === 0 ? "Not fired yet."
        : [`Fired ${trigger.recentFires.length} time(s) recently; last ${formatTime(last!.at)}: `,
          last!.runId ? h("a", { href: `/runs/${last!.runId}` }, "its run") : `started nothing (${last!.error})`]),
      " ", remove);
  }

  const element = h("section", { "aria-labelledby": "triggers-title" }, h("h2", { id: "triggers-title" }, "Triggers"), error.element, list, revealed, form);
  return { element, load };
}
