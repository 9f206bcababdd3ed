import { HttpCore, type TokenPair } from "../http.js";
import type { ApiKeyCreated, ApiKeyListItem, CreateApiKeyBody, LoginBody, Registered, RegisterBody, Session } from "../types.js";
import { seg } from "./path.js";

export interface OidcProvider { name: string; displayName: string; }

/** Sign-up, sign-in and sign-out. Signing in stores the tokens; every other call then uses and refreshes them. */
export class AuthApi {
  constructor(private readonly http: HttpCore) {}

  register(body: RegisterBody): Promise<Registered> {
    return this.http.request("POST", "/api/v1/auth/register", { body, auth: false });
  }

  async login(body: LoginBody): Promise<void> {
    const pair = await this.http.request<TokenPair>("POST", "/api/v1/auth/login", { body, auth: false });
    this.http.setTokens(HttpCore.tokensFrom(pair));
  }

  /** Ends the session on the server (best effort) and forgets the tokens here either way. */
  async logout(): Promise<void> {
    const tokens = this.http.tokens.load();
    try {
      if (tokens) {
        await this.http.request("POST", "/api/v1/auth/logout", { body: { refreshToken: tokens.refreshToken }, auth: false });
      }
    } finally {
      this.http.setTokens(null);
    }
  }

  /** The OIDC providers the gateway offers, for sign-in buttons. */
  oidcProviders(): Promise<OidcProvider[]> {
    return this.http.request("GET", "/api/v1/auth/oidc/providers", { auth: false });
  }

  /**
   * Where a browser goes to sign in with a provider; it comes back to `redirectUri` (a path of the web app) with a
   * one-time `code` for `oidcExchange`, or an `error` code.
   */
  oidcStartPath(provider: string, redirectUri: string): string {
    return `/api/v1/auth/oidc/${seg(provider)}/start?redirectUri=${encodeURIComponent(redirectUri)}`;
  }

  /** Trades the one-time code of a provider sign-in for tokens, stored like a login's. */
  async oidcExchange(code: string): Promise<void> {
    const pair = await this.http.request<TokenPair>("POST", "/api/v1/auth/oidc/exchange", { body: { code }, auth: false });
    this.http.setTokens(HttpCore.tokensFrom(pair));
  }

  /** Refreshes now (normally automatic). */
  async refresh(): Promise<void> {
    await this.http.refresh();
  }
}

export class ApiKeysApi {
  constructor(private readonly http: HttpCore) {}

  create(body: CreateApiKeyBody): Promise<ApiKeyCreated> {
    return this.http.request("POST", "/api/v1/me/api-keys", { body });
  }

  /** The caller's keys, newest first (sessions and full-access keys only). */
  list(): Promise<ApiKeyListItem[]> {
    return this.http.request("GET", "/api/v1/me/api-keys");
  }

  delete(keyId: string): Promise<void> {
    return this.http.request("DELETE", `/api/v1/me/api-keys/${seg(keyId)}`);
  }
}

/** The caller's sign-ins: an ended session's tokens stop working within seconds, on every device. */
export class SessionsApi {
  constructor(private readonly http: HttpCore) {}

  list(): Promise<Session[]> {
    return this.http.request("GET", "/api/v1/me/sessions");
  }

  end(sessionId: string): Promise<void> {
    return this.http.request("DELETE", `/api/v1/me/sessions/${seg(sessionId)}`);
  }

  /** Ends every session but this one; resolves to how many ended. */
  async endOthers(): Promise<number> {
    return (await this.http.request<{ ended: number }>("POST", "/api/v1/me/sessions/end-others")).ended;
  }
}
