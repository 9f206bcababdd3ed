import { ApiError, type Json } from "@powerautomation/client";
import { errorBox, toast } from "../app/errors";
import { field, formatTime, h, mount } from "../app/dom";
import type { Cleanup } from "../app/router";
import { client } from "../app/session";
import { runGraph } from "./runGraph";

export interface RunError { code: string; message: string; stepId?: string; }
export interface RunStep { id: string; type?: string; status: string; attempts: number; output?: unknown; error?: RunError; waitingUntil?: string; }
export interface RunDetails {
  runId: string; workflowId: string; version?: number; status: string; steps: RunStep[];
  output?: unknown; error?: RunError; createdAt?: string; finishedAt?: string; paused?: boolean;
}

const finished = new Set(["succeeded", "failed", "cancelled"]);
export const isFinished = (status: string): boolean => finished.has(status);

/** A status as a coloured badge (the colour repeats the word, never replaces it). */
export function statusBadge(status: string): HTMLElement {
  return h("span", { class: `badge status-${status}` }, status);
}

/** JSON for people: indented, and cut after `max` characters so a huge output cannot swamp the page. */
export function formatJson(value: unknown, max = 4000): string {
  const text = JSON.stringify(value, null, 2) ?? "null";
  return text.length <= max ? text : `${text.slice(0, max)}\n… (${text.length - max} more characters)`;
}

/** Parses a JSON text a person typed; the error names the field so it can be shown as is. */
export function parseJson(text: string, what: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    throw new Error(`${what} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

// Runs have no event stream (GET …/events answers a JSON page), so the page polls while the run is unfinished:
// every second, slowing to every 5 s after a minute without change or while the tab is hidden.
const FastPollMs = 1000;
const SlowPollMs = 5000;
const PollsBeforeSlowing = 60;

/** A run: its status and steps, kept current while it runs, with a signal form and a Cancel button. */
export async function renderRun(main: HTMLElement, { runId }: Record<string, string>): Promise<Cleanup | void> {
  const error = errorBox();
  const pollError = errorBox();
  const status = h("p", { class: "run-status" }, "Loading…");
  const steps = h("div", { class: "table-wrap" });
  const graphHost = h("div", { "data-testid": "run-graph" });
  const outcome = h("section", { "aria-label": "Run output" });
  const back = h("p", {}, h("a", { href: "/workflows" }, "← Workflows"));

  const signalName = h("input", { type: "text", name: "signalName", required: true, maxlength: 100, pattern: "[A-Za-z0-9._\\-]{1,100}", list: "signal-names" });
  const signalNames = h("datalist", { id: "signal-names" });
  const payload = h("textarea", { name: "payload", rows: 4, spellcheck: false, class: "code" }, "{}");
  const sendSignal = h("button", { type: "submit" }, "Send signal");
  const signalForm = h("form", { class: "card", "aria-labelledby": "signal-title" },
    h("h2", { id: "signal-title" }, "Send a signal"),
    field("Signal name", signalName, "The name a wait.signal step waits for."), signalNames,
    field("Payload (JSON)", payload, "Becomes the waiting step's output."), sendSignal);
  const cancel = h("button", { type: "button", class: "danger" }, "Cancel run");
  const pause = h("button", { type: "button", class: "secondary" }, "Pause run");
  const retry = h("button", { type: "button", hidden: true }, "Retry from the failed steps");
  const controls = h("section", { "aria-label": "Run controls", hidden: true }, signalForm, h("p", { class: "row" }, pause, cancel));

  mount(main, back, h("h1", {}, "Run ", h("code", {}, runId)), error.element, status, pollError.element,
    h("div", { class: "columns" }, h("section", { "aria-labelledby": "steps-title" }, h("h2", { id: "steps-title" }, "Steps"), graphHost, steps, outcome, retry), controls));

  let stopped = false;
  let gone = false;
  let polling = false;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = "";
  let unchanged = 0;
  let suggestedFor = "";
  type Definition = { version: number; steps: { id: string; type: string; dependsOn?: string[]; input?: { name?: unknown } }[] };
  let definition: Promise<Definition | null> | undefined;
  let graph: ReturnType<typeof runGraph> | undefined;
  let latest: RunDetails | undefined;

  // The run's own workflow version, read once: the graph's shape and the signal names come from it.
  function definitionOf(run: RunDetails): Promise<Definition | null> {
    definition ??= run.workflowId
      ? (client.workflows.get(run.workflowId, run.version) as unknown as Promise<Definition>).catch(() => null)
      : Promise.resolve(null);
    return definition;
  }

  async function drawGraph(run: RunDetails): Promise<void> {
    latest = run;
    if (!graph) {
      const found = await definitionOf(run);
      if (!found || stopped || graph) return showStatuses();
      graph = runGraph(found.steps);
      mount(graphHost, graph.element);
    }
    showStatuses();
  }

  function showStatuses(): void {
    if (graph && latest) graph.update(new Map(latest.steps.map((s) => [s.id, s.status])));
  }

  async function refresh(): Promise<RunDetails | null> {
    try {
      const run = (await client.workflows.run(runId)) as unknown as RunDetails;
      if (stopped) return null;
      pollError.clear();
      const snapshot = JSON.stringify(run);
      unchanged = snapshot === last ? unchanged + 1 : 0;
      if (snapshot !== last) {
        last = snapshot;
        show(run);
      }
      return run;
    } catch (e) {
      // A run that is not there (or not ours) will not appear by asking again.
      if (e instanceof ApiError && [401, 403, 404].includes(e.status)) gone = true;
      if (!stopped) (last ? pollError : error).show(e);
      return null;
    }
  }

  function show(run: RunDetails): void {
    const done = isFinished(run.status);
    mount(status, "Status: ", h("span", { "data-testid": "run-status" }, statusBadge(run.status)),
      run.workflowId ? [" · workflow ", h("a", { href: `/workflows/${run.workflowId}` }, "definition"), run.version ? ` (version ${run.version})` : ""] : null,
      run.createdAt ? ` · started ${formatTime(run.createdAt)}` : "", run.finishedAt ? ` · ended ${formatTime(run.finishedAt)}` : "",
      run.paused && !done ? h("span", { class: "badge", "data-testid": "run-paused" }, " paused: no step starts until you resume") : null);
    document.title = `Run ${run.status} · ClaudeEditor`;
    mount(steps, h("table", {},
      h("caption", { class: "sr-only" }, "Steps of this run"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Step"), h("th", { scope: "col" }, "Type"), h("th", { scope: "col" }, "Status"),
        h("th", { scope: "col" }, "Attempts"), h("th", { scope: "col" }, "Output or error"))),
      h("tbody", {}, run.steps.map((s) => h("tr", { "data-step": s.id },
        h("th", { scope: "row" }, h("code", {}, s.id)), h("td", {}, s.type ?? ""),
        h("td", { class: "step-status" }, statusBadge(s.status), s.waitingUntil ? h("div", { class: "muted" }, `until ${formatTime(s.waitingUntil)}`) : null),
        h("td", {}, String(s.attempts)),
        h("td", {}, s.error ? h("p", { class: "step-error" }, `${s.error.code}: ${s.error.message}`)
          : s.output !== undefined ? h("pre", { class: "json" }, formatJson(s.output, 2000)) : h("span", { class: "muted" }, "—")))))));
    mount(outcome,
      run.error ? h("p", { class: "error", role: "alert" }, `The run failed at ${run.error.stepId ?? "a step"}: ${run.error.message} (${run.error.code})`) : null,
      run.output !== undefined ? [h("h2", {}, "Output"), h("pre", { class: "json" }, formatJson(run.output))] : null);
    controls.hidden = done;
    pause.textContent = run.paused ? "Resume run" : "Pause run";
    pause.dataset.paused = String(Boolean(run.paused));
    retry.hidden = run.status !== "failed";
    void drawGraph(run);
    void suggestSignals(run);
  }

  // The names the waiting wait.signal steps wait for, read from the run's own workflow version, offered in the name field.
  async function suggestSignals(run: RunDetails): Promise<void> {
    const waiting = run.steps.filter((s) => s.type === "wait.signal" && s.status === "waiting").map((s) => s.id);
    const key = waiting.join(",");
    if (key === suggestedFor || !run.workflowId) return;
    suggestedFor = key;
    try {
      const workflow = await definitionOf(run);
      if (stopped || !workflow) return;
      const names = workflow.steps.filter((s) => waiting.includes(s.id) && typeof s.input?.name === "string").map((s) => String(s.input!.name));
      mount(signalNames, names.map((n) => h("option", { value: n })));
      if (!signalName.value && names.length > 0) signalName.value = names[0];
    } catch {
      // Only a suggestion: the field still takes any name.
    }
  }

  // One request at a time: a refresh asked for while one is in flight runs right after it.
  async function poll(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (polling) {
      again = true;
      return;
    }
    polling = true;
    let run: RunDetails | null;
    try {
      run = await refresh();
    } finally {
      polling = false;
    }
    if (stopped || gone) return;
    if (again) {
      again = false;
      return poll();
    }
    if (run && isFinished(run.status)) return;
    const slow = unchanged >= PollsBeforeSlowing || document.hidden || !run;
    timer = setTimeout(() => void poll(), slow ? SlowPollMs : FastPollMs);
  }

  /** Refreshes now, out of turn, after the user changed something (signal, cancel). */
  function pollNow(): void {
    unchanged = 0;
    void poll();
  }

  signalForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.clear();
    sendSignal.disabled = true;
    try {
      const value = parseJson(payload.value, "The payload");
      await client.workflows.signal(runId, signalName.value.trim(), value);
      toast(`Signal ${signalName.value.trim()} sent.`);
      pollNow();
    } catch (e) {
      error.show(e);
    } finally {
      sendSignal.disabled = false;
    }
  });

  cancel.addEventListener("click", async () => {
    if (!confirm("Cancel this run? Steps that have not finished will not run.")) return;
    error.clear();
    cancel.disabled = true;
    try {
      await client.workflows.cancel(runId);
      toast("Cancellation requested.");
      pollNow();
    } catch (e) {
      error.show(e);
    } finally {
      cancel.disabled = false;
    }
  });

  pause.addEventListener("click", async () => {
    error.clear();
    pause.disabled = true;
    try {
      const resuming = pause.dataset.paused === "true";
      await (resuming ? client.workflows.resume(runId) : client.workflows.pause(runId));
      toast(resuming ? "Run resumed." : "Run paused: steps under way finish, nothing new starts.");
      pollNow();
    } catch (e) {
      error.show(e);
    } finally {
      pause.disabled = false;
    }
  });

  retry.addEventListener("click", async () => {
    error.clear();
    retry.disabled = true;
    try {
      await client.workflows.retry(runId);
      toast("Retrying from the failed steps.");
      pollNow();
    } catch (e) {
      error.show(e);
    } finally {
      retry.disabled = false;
    }
  });

  await poll();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
