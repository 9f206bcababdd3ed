import { ApiError } from "@powerautomation/client";
import { errorBox } from "../app/errors";
import { field, formatTime, h, mount } from "../app/dom";
import { navigate } from "../app/router";
import { client } from "../app/session";
import { formatJson, parseJson, statusBadge } from "./run";
import { triggersPanel } from "./triggers";

interface WorkflowItem { workflowId: string; name: string; version: number; }
interface StepDefinition { id: string; type: string; input?: unknown; dependsOn?: string[]; retry?: unknown; timeout?: string; }
interface WorkflowDetails { workflowId: string; version: number; latestVersion?: number; name: string; steps: StepDefinition[]; createdAt?: string; }
interface RunItem { runId: string; workflowId: string; status: string; startedAt: string; endedAt?: string; }
interface RunPage { items: RunItem[]; nextCursor?: string | null; }

/** Lists are cut here: the rest is one click ("More") or a narrower filter away. */
const MaxListed = 200;
const ServerPage = 50;
const RunsPerPage = 20;
const MaxRunsShown = 500;

const example = {
  name: "Greet and wait for approval",
  steps: [
    { id: "greet", type: "transform", input: { value: { message: "Hello", input: "{{input}}" } } },
    { id: "approval", type: "wait.signal", input: { name: "approve" }, dependsOn: ["greet"] },
  ],
};

/** `/workflows`: the caller's workflows and a form to create one; `/workflows/{id}`: one workflow, its runs, and a start form. */
export async function renderWorkflows(main: HTMLElement, { workflowId }: Record<string, string>): Promise<void> {
  if (workflowId) return renderWorkflow(main, workflowId);
  const error = errorBox();
  const list = h("ul", { class: "list", "aria-label": "Workflows" }, h("li", { class: "empty" }, "Loading…"));

  const definition = h("textarea", { name: "definition", rows: 14, spellcheck: false, class: "code", required: true }, JSON.stringify(example, null, 2));
  const createError = errorBox();
  const definitionErrors = h("ul", { class: "problems", "aria-label": "Problems in the definition" });
  const submit = h("button", { type: "submit" }, "Create workflow");
  const create = h("form", { class: "card", "aria-labelledby": "create-title" },
    h("h2", { id: "create-title" }, "New workflow"),
    field("Definition (JSON)", definition, "{name, steps:[{id, type, input, dependsOn?, retry?, timeout?}]}: transform, wait.signal, delay, http.request, ai.chat, document.edit."),
    createError.element, definitionErrors, submit);
  create.addEventListener("submit", async (event) => {
    event.preventDefault();
    createError.clear();
    mount(definitionErrors);
    submit.disabled = true;
    try {
      const body = parseJson(definition.value, "The definition");
      const created = (await client.workflows.create(body as never)) as unknown as { workflowId: string };
      navigate(`/workflows/${created.workflowId}`);
    } catch (e) {
      createError.show(e);
      mount(definitionErrors, ...problemList(e));
    } finally {
      submit.disabled = false;
    }
  });

  const runs = runsTable({});
  mount(main, h("h1", {}, "Workflows"), error.element,
    h("div", { class: "columns" },
      h("section", { "aria-labelledby": "mine-title" }, h("h2", { id: "mine-title" }, "Your workflows"), list,
        h("h2", { id: "runs-title" }, "Recent runs"), runs.element),
      h("aside", {}, create)));

  try {
    const workflows = (await client.workflows.list()) as unknown as WorkflowItem[];
    mount(list, workflows.length === 0
      ? h("li", { class: "empty" }, "No workflows yet: create one with the form.")
      : workflows.slice(0, MaxListed).map((w) => h("li", {}, h("a", { href: `/workflows/${w.workflowId}` }, w.name || w.workflowId), " ",
        h("span", { class: "badge" }, `v${w.version}`))),
      // The server answers a first page (newest first); its next-page cursor is a header the client does not surface.
      workflows.length >= ServerPage ? h("li", { class: "muted" }, `Your ${Math.min(workflows.length, MaxListed)} newest workflows are listed.`) : null);
  } catch (e) {
    mount(list);
    error.show(e);
  }
  await runs.load();
}

async function renderWorkflow(main: HTMLElement, workflowId: string): Promise<void> {
  const error = errorBox();
  const title = h("h1", {}, "Workflow");
  const summary = h("p", { class: "muted" });
  const steps = h("div", { class: "table-wrap" });
  const definition = h("pre", { class: "json definition", tabindex: 0, "aria-label": "Definition" });

  const input = h("textarea", { name: "input", rows: 6, spellcheck: false, class: "code" }, JSON.stringify({ name: "world" }, null, 2));
  const startError = errorBox();
  const start = h("button", { type: "submit" }, "Start run");
  // One key per intended run: a double submit (or a retry after a lost answer) starts it once.
  let idempotencyKey = crypto.randomUUID();
  input.addEventListener("input", () => { idempotencyKey = crypto.randomUUID(); });
  const startForm = h("form", { class: "card", "aria-labelledby": "start-title" },
    h("h2", { id: "start-title" }, "Start a run"),
    field("Run input (JSON)", input, "Steps read it as {{input.PATH}}."), startError.element, start);
  startForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    startError.clear();
    start.disabled = true;
    try {
      const value = parseJson(input.value, "The input");
      const started = (await client.workflows.start(workflowId, value, { idempotencyKey })) as unknown as { runId: string };
      navigate(`/runs/${started.runId}`);
    } catch (e) {
      startError.show(e);
    } finally {
      start.disabled = false;
    }
  });

  const runs = runsTable({ workflowId });
  const triggers = triggersPanel(workflowId);
  mount(main, h("p", {}, h("a", { href: "/workflows" }, "← Workflows")), title, summary, error.element,
    h("div", { class: "columns" },
      h("section", { "aria-labelledby": "steps-title" },
        h("h2", { id: "steps-title" }, "Steps"), steps,
        h("h2", { id: "runs-title" }, "Recent runs"), runs.element,
        h("details", {}, h("summary", {}, "Definition (JSON)"), definition)),
      h("aside", {}, startForm, triggers.element)));

  try {
    const workflow = (await client.workflows.get(workflowId)) as unknown as WorkflowDetails;
    title.textContent = workflow.name || "Workflow";
    document.title = `${workflow.name} · ClaudeEditor`;
    mount(summary, `Version ${workflow.version}`,
      workflow.latestVersion && workflow.latestVersion !== workflow.version ? ` (latest ${workflow.latestVersion})` : "",
      workflow.createdAt ? ` · saved ${formatTime(workflow.createdAt)}` : "", " · ", h("code", {}, workflow.workflowId));
    mount(steps, h("table", {},
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Step"), h("th", { scope: "col" }, "Type"),
        h("th", { scope: "col" }, "Depends on"), h("th", { scope: "col" }, "Input"))),
      h("tbody", {}, workflow.steps.map((s) => h("tr", { "data-step": s.id },
        h("th", { scope: "row" }, h("code", {}, s.id)), h("td", {}, s.type),
        h("td", {}, s.dependsOn?.length ? s.dependsOn.join(", ") : h("span", { class: "muted" }, "—")),
        h("td", {}, h("pre", { class: "json" }, formatJson(s.input, 600))))))));
    definition.textContent = formatJson({ name: workflow.name, steps: workflow.steps }, 100_000);
  } catch (e) {
    error.show(e);
    startForm.hidden = true;
    return;
  }
  await Promise.all([runs.load(), triggers.load()]);
}

/** An invalid definition's problem lists every error (`errors: [{step, field, message}]`): the first 20 are shown. */
function problemList(error: unknown): HTMLElement[] {
  const errors = error instanceof ApiError && error.code === "invalid_workflow"
    ? (error.body as { errors?: unknown } | undefined)?.errors : undefined;
  if (!Array.isArray(errors) || errors.length < 2) return [];
  return errors.slice(0, 20).map((item) => {
    const e = item as { step?: string | null; field?: string | null; message?: string };
    return h("li", {}, e.step ? h("code", {}, e.step) : null, e.step ? ": " : "", e.message ?? "");
  });
}

/** Runs, newest first, a page at a time with "More"; filtered to one workflow when given. */
function runsTable(filter: { workflowId?: string }): { element: HTMLElement; load(): Promise<void> } {
  const error = errorBox();
  const body = h("tbody", {});
  const table = h("table", {}, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Run"), h("th", { scope: "col" }, "Status"),
    h("th", { scope: "col" }, "Started"), h("th", { scope: "col" }, "Ended"))), body);
  const empty = h("p", { class: "empty", hidden: true }, "No runs yet.");
  const more = h("button", { type: "button", class: "secondary", hidden: true }, "More runs");
  const element = h("div", {}, error.element, h("div", { class: "table-wrap" }, table), empty, more);
  let cursor: string | undefined;
  let shown = 0;

  async function load(): Promise<void> {
    error.clear();
    more.disabled = true;
    try {
      const page = (await client.workflows.listRuns({ ...filter, cursor, limit: RunsPerPage })) as unknown as RunPage;
      for (const run of page.items) {
        body.append(h("tr", {},
          h("td", {}, h("a", { href: `/runs/${run.runId}` }, h("code", {}, run.runId.slice(0, 8)))),
          h("td", {}, statusBadge(run.status)), h("td", {}, formatTime(run.startedAt)), h("td", {}, formatTime(run.endedAt))));
      }
      shown += page.items.length;
      cursor = page.nextCursor ?? undefined;
      empty.hidden = shown > 0;
      more.hidden = !cursor || shown >= MaxRunsShown;
    } catch (e) {
      error.show(e);
    } finally {
      more.disabled = false;
    }
  }

  more.addEventListener("click", () => void load());
  return { element, load };
}
