import type { HttpCore } from "../http.js";
import type {
  Json, Page, PendingApproval, Run, RunEvent, RunStarted, RunStatus, RunSummary, SecretSummary, Trigger, TriggerSpec, Workflow, WorkflowCreated,
  WorkflowDefinition, WorkflowSummary,
} from "../types.js";
import { seg } from "./path.js";

export class WorkflowsApi {
  constructor(private readonly http: HttpCore) {}

  create(definition: WorkflowDefinition): Promise<WorkflowCreated> {
    return this.http.request("POST", "/api/v1/workflows", { body: definition });
  }

  /** A new version of the definition. */
  update(workflowId: string, definition: WorkflowDefinition): Promise<WorkflowCreated> {
    return this.http.request("PUT", `/api/v1/workflows/${seg(workflowId)}`, { body: definition });
  }

  get(workflowId: string, version?: number): Promise<Workflow> {
    return this.http.request("GET", `/api/v1/workflows/${seg(workflowId)}`, { query: { version } });
  }

  /** The caller's workflows (API.md wave 2). */
  list(): Promise<WorkflowSummary[]> {
    return this.http.request("GET", "/api/v1/workflows");
  }

  /** Starts a run; the same `idempotencyKey` within 24 h answers the first run's id again. */
  start(workflowId: string, input: Json = {}, options: { idempotencyKey?: string } = {}): Promise<RunStarted> {
    return this.http.request("POST", `/api/v1/workflows/${seg(workflowId)}/runs`, {
      body: { input },
      ...(options.idempotencyKey !== undefined && { headers: { "idempotency-key": options.idempotencyKey } }),
    });
  }

  run(runId: string): Promise<Run> {
    return this.http.request("GET", `/api/v1/runs/${seg(runId)}`);
  }

  /** A run's history of events after `after` (the seq of the last one seen). */
  events(runId: string, options: { after?: number; limit?: number } = {}): Promise<RunEvent[]> {
    return this.http.request("GET", `/api/v1/runs/${seg(runId)}/events`, { query: options });
  }

  cancel(runId: string): Promise<void> {
    return this.http.request("POST", `/api/v1/runs/${seg(runId)}/cancel`);
  }

  /** Steps under way finish; no step starts until `resume`. */
  pause(runId: string): Promise<void> {
    return this.http.request("POST", `/api/v1/runs/${seg(runId)}/pause`);
  }

  resume(runId: string): Promise<void> {
    return this.http.request("POST", `/api/v1/runs/${seg(runId)}/resume`);
  }

  /** A failed run goes on from its failed steps, each with its next attempt (409 `run_not_failed` otherwise). */
  retry(runId: string): Promise<void> {
    return this.http.request("POST", `/api/v1/runs/${seg(runId)}/retry`);
  }

  signal(runId: string, name: string, payload: Json = null): Promise<void> {
    return this.http.request("POST", `/api/v1/runs/${seg(runId)}/signals/${seg(name)}`, { body: { payload } });
  }

  /** Runs, newest first, a page at a time (API.md wave 2). */
  listRuns(filter: { workflowId?: string; status?: RunStatus; cursor?: string; limit?: number } = {}): Promise<Page<RunSummary>> {
    return this.http.request("GET", "/api/v1/runs", { query: filter });
  }

  /** A trigger that starts the workflow by itself: a webhook, a schedule or document changes (API.md wave 2). */
  addTrigger(workflowId: string, spec: TriggerSpec): Promise<Trigger> {
    return this.http.request("POST", `/api/v1/workflows/${seg(workflowId)}/triggers`, { body: spec });
  }

  triggers(workflowId: string): Promise<Trigger[]> {
    return this.http.request("GET", `/api/v1/workflows/${seg(workflowId)}/triggers`);
  }

  deleteTrigger(triggerId: string): Promise<void> {
    return this.http.request("DELETE", `/api/v1/triggers/${seg(triggerId)}`);
  }

  /** Approvals waiting for the caller's verified address, newest first. */
  approvals(): Promise<PendingApproval[]> {
    return this.http.request("GET", "/api/v1/me/approvals");
  }

  /** The assignee's decision; rejecting fails the approval step. */
  decide(runId: string, stepId: string, approved: boolean, comment?: string): Promise<void> {
    return this.http.request("POST", `/api/v1/runs/${seg(runId)}/approvals/${seg(stepId)}`, { body: { approved, ...(comment ? { comment } : {}) } });
  }

  /** The caller's secrets, by name only (API.md wave 2). */
  secrets(): Promise<SecretSummary[]> {
    return this.http.request("GET", "/api/v1/secrets");
  }

  /** Creates or replaces a secret, for `{{secrets.NAME}}` in `http.request` headers and bodies. */
  putSecret(name: string, value: string): Promise<void> {
    return this.http.request("PUT", `/api/v1/secrets/${seg(name)}`, { body: { value } });
  }

  /** 404 `not_found` when there is no secret of that name. */
  deleteSecret(name: string): Promise<void> {
    return this.http.request("DELETE", `/api/v1/secrets/${seg(name)}`);
  }
}
