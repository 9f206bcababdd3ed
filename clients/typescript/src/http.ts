import { ApiError } from "./errors.js";
import type { Tokens, TokenStore } from "./tokens.js";

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Attach the access token and refresh it when needed (default true). */
  auth?: boolean;
  signal?: AbortSignal;
}

/** What `POST /auth/login` and `/auth/refresh` answer. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: string;
  expiresIn: number;
}

/** An access token this close to expiry is refreshed before use rather than sent to be refused. */
const ExpirySkewMs = 10_000;

/** 401 codes that mean the access token itself was refused (others, like a wrong password, are answers). */
const TokenCodes = new Set(["token_expired", "invalid_token", "unauthorized"]);

/**
 * The HTTP layer: JSON in and out, every failure an {@link ApiError}, and the token lifecycle. An access token
 * that has expired (or that the server refuses with 401) triggers one refresh, shared by every call that needs it
 * at that moment, and the call is retried once. A refresh the server refuses (`token_reused`, `invalid_token`)
 * signs out.
 */
export class HttpCore {
  private refreshing: Promise<Tokens> | null = null;
  private readonly listeners = new Set<(signedIn: boolean) => void>();
  private lastSignedIn: boolean;

  constructor(
    readonly baseUrl: string,
    private readonly fetchImpl: typeof fetch,
    readonly tokens: TokenStore,
  ) {
    this.lastSignedIn = tokens.load() !== null;
  }

  get signedIn(): boolean {
    return this.tokens.load() !== null;
  }

  onAuthChange(callback: (signedIn: boolean) => void): () => void {
    this.listeners.add(callback);
    return () => this.listeners.delete(callback);
  }

  /** Stores a fresh pair (login, OIDC exchange) or signs out (null), telling listeners when that changes. */
  setTokens(tokens: Tokens | null): void {
    this.tokens.save(tokens);
    const signedIn = tokens !== null;
    if (signedIn !== this.lastSignedIn) {
      this.lastSignedIn = signedIn;
      for (const listener of [...this.listeners]) {
        try {
          listener(signedIn);
        } catch {
          // A listener's failure is its own; the others still hear of the change.
        }
      }
    }
  }

  static tokensFrom(pair: TokenPair): Tokens {
    return { accessToken: pair.accessToken, refreshToken: pair.refreshToken, expiresAt: Date.now() + pair.expiresIn * 1000 };
  }

  url(path: string, query?: Query): string {
    let url = this.baseUrl + path;
    if (query) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) {
        if (value !== undefined && value !== null) {
          params.set(key, String(value));
        }
      }

      const text = params.toString();
      if (text) {
        url += "?" + text;
      }
    }

    return url;
  }

  /** A JSON call: the parsed body of a 2xx answer (undefined for 204), else throws ApiError. */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(method, path, options);
    const text = await response.text();
    if (!text) {
      return undefined as T;
    }

    const type = response.headers.get("content-type") ?? "";
    return (type.includes("json") ? JSON.parse(text) : text) as T;
  }

  /** The raw 2xx response (for streams); a non-2xx answer throws ApiError. */
  async send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const auth = options.auth ?? true;
    let tokens = auth ? await this.usableTokens() : null;
    let response = await this.fetchOnce(method, path, options, tokens);
    if (response.status === 401 && tokens !== null) {
      const refused = await ApiError.fromResponse(response);
      if (!TokenCodes.has(refused.code)) {
        throw refused;
      }

      // The token was refused although it looked valid (expired early, clock skew, key rotated): one refresh, one retry.
      tokens = await this.refresh(tokens);
      response = await this.fetchOnce(method, path, options, tokens);
    }

    if (!response.ok) {
      throw await ApiError.fromResponse(response);
    }

    return response;
  }

  /** The current access token, refreshed first when it is about to expire; null when signed out. */
  async accessToken(): Promise<string | null> {
    return (await this.usableTokens())?.accessToken ?? null;
  }

  /**
   * One refresh for everyone who needs it now. `stale` is the pair the caller found wanting: if the store already
   * holds a different, usable pair (another call or tab refreshed meanwhile), that one is used instead.
   */
  refresh(stale?: Tokens): Promise<Tokens> {
    const current = this.tokens.load();
    if (current && stale && current.accessToken !== stale.accessToken && !expiring(current)) {
      return Promise.resolve(current);
    }

    if (!this.refreshing) {
      this.refreshing = this.lockedRefresh().finally(() => {
        this.refreshing = null;
      });
    }

    return this.refreshing;
  }

  private async usableTokens(): Promise<Tokens | null> {
    const tokens = this.tokens.load();
    return tokens && expiring(tokens) ? this.refresh(tokens) : tokens;
  }

  /** Tabs sharing a store refresh one at a time (Web Locks, where the platform has them). */
  private async lockedRefresh(): Promise<Tokens> {
    const before = this.tokens.load();
    const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
    // The DOM typings wrap the callback's promise once more than the platform does.
    return locks ? ((await locks.request("pa.tokens.refresh", () => this.refreshNow(before))) as Tokens) : this.refreshNow(before);
  }

  private async refreshNow(before: Tokens | null): Promise<Tokens> {
    const current = this.tokens.load();
    if (!current) {
      throw new ApiError({ status: 401, code: "unauthorized", title: "Unauthorized", detail: "Not signed in." });
    }

    if (before && current.refreshToken !== before.refreshToken && !expiring(current)) {
      return current;
    }

    const response = await this.fetchOnce("POST", "/api/v1/auth/refresh", { body: { refreshToken: current.refreshToken } }, null);

    if (!response.ok) {
      const error = await ApiError.fromResponse(response);
      if (error.status >= 400 && error.status < 500 && error.status !== 429) {
        // Spent, revoked or unknown: this session is over.
        this.setTokens(null);
      }

      throw error;
    }

    const tokens = HttpCore.tokensFrom((await response.json()) as TokenPair);
    this.setTokens(tokens);
    return tokens;
  }

  private async fetchOnce(method: string, path: string, options: RequestOptions, tokens: Tokens | null): Promise<Response> {
    const headers: Record<string, string> = { accept: "application/json", ...options.headers };
    if (tokens) {
      headers.authorization = `Bearer ${tokens.accessToken}`;
    }

    const init: RequestInit = { method, headers };
    if (options.body !== undefined) {
      headers["content-type"] = "application/json";
      init.body = JSON.stringify(options.body);
    }

    if (options.signal) {
      init.signal = options.signal;
    }

    try {
      return await this.fetchImpl(this.url(path, options.query), init);
    } catch (error) {
      if ((error as { name?: string } | null)?.name === "AbortError") {
        throw error;
      }

      throw new ApiError({
        status: 0,
        code: "network_error",
        title: "Network error",
        detail: `${method} ${path} got no answer: ${(error as Error)?.message ?? String(error)}`,
        cause: error,
      });
    }
  }
}

function expiring(tokens: Tokens): boolean {
  return tokens.expiresAt - ExpirySkewMs <= Date.now();
}
