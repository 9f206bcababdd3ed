import { AccountApi } from "./api/account.js";
import { AgentApi } from "./api/agent.js";
import { AiApi } from "./api/ai.js";
import { ApiKeysApi, AuthApi, SessionsApi } from "./api/auth.js";
import { DocumentsApi } from "./api/documents.js";
import { AdminApi, LicensesApi } from "./api/licenses.js";
import { InvitationsApi, ProjectsApi } from "./api/projects.js";
import { WorkflowsApi } from "./api/workflows.js";
import { HttpCore } from "./http.js";
import type { WebSocketConstructor } from "./live/frames.js";
import { LiveDocument, type LiveHost, type LiveOptions } from "./live/live-document.js";
import { MemoryTokenStore, type TokenStore } from "./tokens.js";
import type { Me, QuotaUsage } from "./types.js";

export interface PaClientOptions {
  /** The gateway, e.g. "https://pa.example.com"; default "" (the page's own origin). */
  baseUrl?: string;
  /** Where tokens live (default: in memory; `LocalStorageTokenStore` in browsers to survive reloads). */
  tokens?: TokenStore;
  fetch?: typeof fetch;
  /** A WebSocket constructor: the browser's by default; in Node 20 pass the `ws` package's. */
  WebSocket?: unknown;
}

/** The PowerAutomation API: REST calls, AI streaming and live documents, with sign-in and token refresh built in. */
export class PaClient {
  readonly auth: AuthApi;
  readonly apiKeys: ApiKeysApi;
  readonly sessions: SessionsApi;
  readonly projects: ProjectsApi;
  readonly invitations: InvitationsApi;
  readonly documents: DocumentsApi;
  readonly ai: AiApi;
  /** The AG-UI agent: a server-side agent whose tools act as the signed-in user. */
  readonly agent: AgentApi;
  readonly workflows: WorkflowsApi;
  readonly licenses: LicensesApi;
  readonly admin: AdminApi;
  readonly account: AccountApi;
  /** The HTTP layer, for calls this client has no method for yet. */
  readonly http: HttpCore;

  private readonly webSocket: WebSocketConstructor | undefined;

  constructor(options: PaClientOptions = {}) {
    const baseUrl = (options.baseUrl ?? "").replace(/\/+$/, "");
    const fetchImpl = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
    this.http = new HttpCore(baseUrl, fetchImpl, options.tokens ?? new MemoryTokenStore());
    this.webSocket = (options.WebSocket ?? (globalThis as { WebSocket?: unknown }).WebSocket) as WebSocketConstructor | undefined;
    this.auth = new AuthApi(this.http);
    this.apiKeys = new ApiKeysApi(this.http);
    this.sessions = new SessionsApi(this.http);
    this.projects = new ProjectsApi(this.http);
    this.invitations = new InvitationsApi(this.http);
    this.documents = new DocumentsApi(this.http);
    this.ai = new AiApi(this.http);
    this.agent = new AgentApi(this.http);
    this.workflows = new WorkflowsApi(this.http);
    this.licenses = new LicensesApi(this.http);
    this.admin = new AdminApi(this.http);
    this.account = new AccountApi(this.http);
  }

  get signedIn(): boolean {
    return this.http.signedIn;
  }

  /** Called with true on sign-in and false on sign-out (including a failed refresh); returns the unsubscribe. */
  onAuthChange(callback: (signedIn: boolean) => void): () => void {
    return this.http.onAuthChange(callback);
  }

  me(): Promise<Me> {
    return this.http.request("GET", "/api/v1/me");
  }

  quota(): Promise<QuotaUsage[]> {
    return this.http.request("GET", "/api/v1/me/quota");
  }

  /** Opens a document live; it connects at once. See LiveDocument. */
  live(documentId: string, options: LiveOptions = {}): LiveDocument {
    const WebSocket = this.webSocket;
    if (!WebSocket) {
      throw new Error("No WebSocket implementation: pass one as the WebSocket option (in Node: the ws package).");
    }

    const http = this.http;
    const host: LiveHost = {
      WebSocket,
      socketUrl: (id, token, session) => this.socketUrl(id, token, session),
      accessToken: () => http.accessToken(),
      refresh: () => http.refresh(),
      history: (id, from, limit) => this.documents.history(id, from, limit),
      probe: (id) => this.documents.get(id),
    };
    return new LiveDocument(host, documentId, options);
  }

  /** `${baseUrl}/api/v1/documents/${id}/live?access_token=…&session=…`, with http→ws (same origin when baseUrl is ""). */
  socketUrl(documentId: string, accessToken: string, session: string): string {
    const path = `/api/v1/documents/${encodeURIComponent(documentId)}/live`;
    const origin = (globalThis as { location?: { href: string } }).location?.href;
    const url = this.http.baseUrl ? new URL(this.http.baseUrl + path) : new URL(path, origin);
    url.protocol = url.protocol === "https:" ? "wss:" : url.protocol === "http:" ? "ws:" : url.protocol;
    url.search = new URLSearchParams({ access_token: accessToken, session }).toString();
    return url.toString();
  }
}
