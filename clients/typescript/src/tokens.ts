/** The signed-in session: the access token (JWT), the refresh token, and when the access token expires. */
export interface Tokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds at which the access token expires. */
  expiresAt: number;
}

/** Where a client keeps its tokens; `save(null)` signs out. */
export interface TokenStore {
  load(): Tokens | null;
  save(tokens: Tokens | null): void;
}

export class MemoryTokenStore implements TokenStore {
  private tokens: Tokens | null;

  constructor(initial: Tokens | null = null) {
    this.tokens = initial;
  }

  load(): Tokens | null {
    return this.tokens;
  }

  save(tokens: Tokens | null): void {
    this.tokens = tokens;
  }
}

/**
 * Tokens in the browser's localStorage, shared by the tabs of one origin. Tabs refresh one at a time through the
 * Web Locks API (see PaClient), and a tab that finds the stored pair newer than its own uses it instead of
 * spending the same refresh token twice (which the server answers `token_reused`, ending the session).
 */
export class LocalStorageTokenStore implements TokenStore {
  constructor(readonly key = "pa.tokens") {}

  load(): Tokens | null {
    const storage = globalThis.localStorage;
    const text = storage?.getItem(this.key);
    if (!text) {
      return null;
    }

    try {
      const tokens = JSON.parse(text) as Partial<Tokens>;
      return typeof tokens.accessToken === "string" && typeof tokens.refreshToken === "string" && typeof tokens.expiresAt === "number"
        ? { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt }
        : null;
    } catch {
      return null;
    }
  }

  save(tokens: Tokens | null): void {
    const storage = globalThis.localStorage;
    if (!storage) {
      return;
    }

    if (tokens === null) {
      storage.removeItem(this.key);
    } else {
      storage.setItem(this.key, JSON.stringify(tokens));
    }
  }
}
