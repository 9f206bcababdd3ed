/**
 * Request and response types. Responses come from the gateway's OpenAPI document (src/generated/openapi.ts)
 * where it declares them; request bodies are written here because the generated ones mark every optional field
 * as required-but-nullable. Shapes the OpenAPI document does not have yet (wave 2 routes being added
 * concurrently) follow API.md and are typed loosely.
 */
import type { components } from "./generated/openapi.js";
import type { Operation } from "./ot/text-operation.js";

export type Schemas = components["schemas"];

/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// Identity
export interface RegisterBody {
  email: string;
  password: string;
  displayName?: string;
}
export interface LoginBody {
  email: string;
  password: string;
  totpCode?: string;
  deviceId?: string;
  /** A recovery code instead of `totpCode` (docs/api-extensions.md). */
  recoveryCode?: string;
}
export type Registered = Schemas["RegisterResponse"];
export type TokenPairResponse = Schemas["TokenPairResponse"];
export type Me = Schemas["MeResponse"];
export type QuotaUsage = Schemas["QuotaUsage"];
export interface CreateApiKeyBody {
  name: string;
  /** RFC 3339. */
  expiresAt?: string;
  /** `ai`, `documents:read`, `documents:write`, `workflows` (API.md wave 2); omit for a full-access key. */
  scopes?: ApiScope[];
  /** `aiSpendPerDay`: the key's own AI budget in micro-USD per UTC day, inside the account's. */
  limits?: { aiSpendPerDay?: number };
}
export type ApiScope = "ai" | "documents:read" | "documents:write" | "workflows";
export type ApiKeyCreated = Schemas["ApiKeyResponse"];
/** One key of `GET /api/v1/me/api-keys`: never its secret. */
export type ApiKeyListItem = Schemas["ApiKeyListItem"];

// Projects and documents
export type ProjectRole = "owner" | "editor" | "viewer";
export type ProjectSummary = Schemas["ProjectResponse"];
export interface ProjectMember {
  userId: string;
  email: string;
  displayName: string;
  role: string;
}
/** `GET /api/v1/projects/{id}` (API.md wave 2). */
export interface PendingInvitation { invitationId: string; email: string; role: ProjectRole; invitedBy: string; }
export interface ProjectDetails extends ProjectSummary {
  members: ProjectMember[];
  /** Pending invitations; owners only. */
  invitations?: PendingInvitation[];
}
export type ProjectCreated = Schemas["CreateProjectResponse"];
export type DocumentSummary = Schemas["DocumentListItem"];
export type DocumentCreated = Schemas["CreateDocumentResponse"];
export type DocumentDetails = Schemas["DocumentResponse"];
export type DocumentContent = Schemas["ContentResponse"];
export interface HistoryItem extends Omit<Schemas["HistoryItem"], "operation"> {
  operation: Operation;
  /** API.md wave 2: `user`, `ai`, `workflow`. */
  authorKind?: string;
  runId?: string;
  model?: string;
  /** The MCP or agent client that made an `ai` operation. */
  agent?: string;
  /** For an undo or redo, the revisions it acts on. */
  undoOf?: number[];
}
/** `POST …/undo`: whose changes; none of author, client and run means the caller's own. */
export interface UndoBody {
  authorId?: string;
  clientId?: string;
  runId?: string;
  authorKind?: "user" | "ai" | "workflow";
  count?: number;
  redo?: boolean;
}
export interface BlameRange {
  from: number;
  to: number;
  authorId: string;
  authorKind: string;
  revision: number;
}
export interface DocumentVersion {
  versionId: string;
  name: string;
  revision: number;
  createdBy: string;
  createdAt: string;
}
export interface SubmitBody {
  revision: number;
  operation: Operation;
  clientId?: string;
  seq?: number;
}
export interface Applied {
  revision: number;
  operation: Operation;
}
/** `PATCH /api/v1/documents/{id}` (API.md wave 2). */
export interface DocumentRenamed {
  documentId: string;
  path: string;
  revision: number;
}
export type Invitation = Schemas["InvitationResponse"];
export type SearchHit = Schemas["SearchHit"];

// AI (OpenAI Chat Completions; only the common fields are named, the rest pass through)
export interface ChatMessage {
  role: "system" | "user" | "assistant" | "tool" | (string & {});
  content: string | null | Json[];
  [key: string]: unknown;
}
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  max_tokens?: number;
  temperature?: number;
  [key: string]: unknown;
}
export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}
export interface ChatCompletion {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  choices: { index: number; message: ChatMessage; finish_reason: string | null }[];
  usage?: ChatUsage;
  [key: string]: unknown;
}
export interface ChatChunk {
  id: string;
  object: "chat.completion.chunk";
  created: number;
  model: string;
  choices: { index: number; delta: { role?: string; content?: string | null; [key: string]: unknown }; finish_reason: string | null }[];
  usage?: ChatUsage | null;
  [key: string]: unknown;
}
export interface Model {
  id: string;
  object: "model";
  owned_by?: string;
  [key: string]: unknown;
}
export interface ModelList {
  object: "list";
  data: Model[];
  [key: string]: unknown;
}

// Workflows
export interface StepDefinition {
  id: string;
  type: string;
  input?: Json;
  dependsOn?: string[];
  retry?: { maxAttempts: number; initialDelay?: string; backoffFactor?: number };
  timeout?: string;
  [key: string]: unknown;
}
export interface WorkflowDefinition {
  name: string;
  steps: StepDefinition[];
  [key: string]: unknown;
}
export type WorkflowCreated = Schemas["WorkflowCreated"];
export type Workflow = Schemas["WorkflowResponse"];
/** `GET /api/v1/workflows` (API.md wave 2). */
export interface WorkflowSummary {
  workflowId: string;
  name: string;
  version: number;
}
/** `GET /api/v1/secrets`: a secret's name and when it was last written; values are never answered. */
export type SecretSummary = Schemas["SecretResponse"];
/** A workflow's trigger: `webhook` (url, and secret once), `schedule` (cron, timezone, nextFireAt) or `document.changed`. */
export type Trigger = Schemas["TriggerResponse"];
export type TriggerSpec = Schemas["TriggerRequest"];
/** An approval waiting for the caller's decision. */
export type PendingApproval = Schemas["ApprovalResponse"];
export type RunStarted = Schemas["RunStarted"];
export type Run = Schemas["RunResponse"];
export type RunStatus = "pending" | "running" | "waiting" | "succeeded" | "failed" | "cancelled" | (string & {});
export type RunEvent = Schemas["RunEventResponse"];
/** `GET /api/v1/runs` (API.md wave 2). */
export interface RunSummary {
  runId: string;
  workflowId: string;
  status: RunStatus;
  startedAt: string;
  endedAt?: string | null;
}
export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

// Licences
export interface ActivateBody {
  licenseKey: string;
  deviceId: string;
  deviceName?: string;
}
export interface ValidateBody {
  licenseKey: string;
  deviceId: string;
}
export type Activation = Schemas["ActivateResponse"];
export type Validation = Schemas["ValidateResponse"];
export type License = Schemas["LicenseResponse"];
export type LicenseIssued = Schemas["IssueLicenseResponse"];
export interface IssueLicenseBody {
  email: string;
  edition: "personal" | "professional" | "team" | "enterprise" | (string & {});
  expiresAt: string;
  maxDevices: number;
  features?: string[];
  limits?: { aiRequestsPerDay?: number; aiTokensPerDay?: number; workflowRunsPerDay?: number; requestsPerMinute?: number; [key: string]: number | undefined };
  orgId?: string;
  seats?: number;
}

// Administration (routes partly being added concurrently: loosely typed)
export interface AdminUser {
  userId: string;
  email: string;
  displayName: string;
  roles: string[];
  disabled: boolean;
  edition: string;
  [key: string]: unknown;
}
export type AdminLicense = Partial<License> & { licenseId: string; [key: string]: unknown };
export type AiProviderStatus = Record<string, unknown>;
export type AiWorkerStatus = Record<string, unknown>;
export type ClusterStatus = Record<string, unknown>;

/** One of the caller's sign-ins (GET /api/v1/me/sessions). */
export interface Session {
  sessionId: string;
  createdAt: string;
  lastUsedAt: string;
  deviceId?: string | null;
  /** The session the calling token belongs to. */
  current: boolean;
  ipAddress?: string | null;
  userAgent?: string | null;
}

/** A security event (GET /api/v1/admin/audit). */
export interface AuditEvent {
  id: number;
  occurredAt: string;
  kind: string;
  userId?: string | null;
  subject?: string | null;
  ipAddress?: string | null;
  detail?: string | null;
}

export interface AuditFilter {
  userId?: string;
  kind?: string;
  /** RFC 3339, inclusive. */
  from?: string;
  /** RFC 3339, exclusive. */
  to?: string;
  cursor?: string;
  limit?: number;
}

// AI usage
/** One AI call as it ended (GET /api/v1/me/ai/usage, GET /api/v1/admin/ai/usage). */
export interface AiUsageItem {
  requestId: string;
  time: string;
  userId?: string;
  apiKeyId?: string | null;
  endpoint: string;
  /** The model asked for (an alias or `auto` included). */
  modelRequested: string;
  /** The model that served, if any did. */
  model?: string | null;
  provider?: string | null;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  costMicroUsd: number;
  latencyMs: number;
  timeToFirstTokenMs?: number | null;
  /** `ok`, `partial`, `failed` or `cancelled`. */
  status: string;
  streamed: boolean;
}

/** One UTC day's totals of the filtered calls. */
export interface AiUsageDay {
  date: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costMicroUsd: number;
}

export interface AiUsagePage extends Page<AiUsageItem> {
  daily: AiUsageDay[];
}

export interface AiUsageFilter {
  /** RFC 3339, inclusive. */
  from?: string;
  /** RFC 3339, exclusive. */
  to?: string;
  cursor?: string;
  limit?: number;
}

export interface AdminAiUsageFilter extends AiUsageFilter {
  userId?: string;
  model?: string;
}
