import { ApiError } from "../errors.js";
import type { HistoryItem } from "../types.js";
import { CloseCodes, FatalCodes, OPEN, type ServerFrame, type WebSocketConstructor, type WebSocketLike } from "./frames.js";

/** What a LiveDocument needs from its PaClient. */
export interface LiveHost {
  WebSocket: WebSocketConstructor;
  socketUrl(documentId: string, accessToken: string, session: string): string;
  /** A usable access token (refreshed when about to expire); null when signed out. */
  accessToken(): Promise<string | null>;
  /** Forces a refresh (after a refused upgrade); throws when the session is over. */
  refresh(): Promise<unknown>;
  history(documentId: string, from: number, limit: number): Promise<HistoryItem[]>;
  /** Throws ApiError (404, 403) when the document cannot be opened. */
  probe(documentId: string): Promise<unknown>;
}

export interface ConnectionOptions {
  reconnectDelayMs: number;
  maxReconnectDelayMs: number;
  connectTimeoutMs: number;
}

/** What the connection tells its document. Frames and opens carry their socket, to tell stale ones apart. */
export interface ConnectionHandlers {
  opened(socket: WebSocketLike): void;
  frame(frame: ServerFrame, socket: WebSocketLike): void;
  /** Waiting to connect again (or connecting for the first time). */
  waiting(): void;
  /** Reconnecting cannot help. */
  fatal(code: string, message: string): void;
}

/**
 * The socket side of a live document: a fresh access token per attempt, one socket at a time, reconnects with
 * doubling, jittered delays after unexpected closes, and a look at why when an upgrade is refused without a word.
 */
export class LiveConnection {
  private socket: WebSocketLike | null = null;
  private generation = 0;
  private wanted = false;
  private attempts = 0;
  private upgradeFailures = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private connectTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly host: LiveHost,
    private readonly documentId: string,
    private readonly session: string,
    private readonly options: ConnectionOptions,
    private readonly handlers: ConnectionHandlers,
  ) {}

  get current(): WebSocketLike | null {
    return this.socket;
  }

  /** Connects unless connected or connecting; a reconnect waiting for its delay goes at once. */
  start(): void {
    this.wanted = true;
    if (this.socket) {
      return;
    }

    this.clearReconnectTimer();
    this.attempts = 0;
    void this.open();
  }

  /** Closes and stays closed until start(). */
  stop(code: number, reason: string): void {
    this.wanted = false;
    this.clearReconnectTimer();
    this.drop(code, reason);
  }

  /** Closes the socket to connect again at once (a gap, a resync). */
  reconnectNow(reason: string): void {
    const socket = this.socket;
    if (socket) {
      safeClose(socket, CloseCodes.reconnect, reason);
      this.closed(socket, CloseCodes.reconnect, reason, true);
    } else if (this.wanted) {
      void this.open();
    }
  }

  /** The server answered: the next unexpected close starts over from the shortest delay. */
  answered(): void {
    this.attempts = 0;
  }

  send(frame: object): boolean {
    const socket = this.socket;
    if (socket && socket.readyState === OPEN) {
      socket.send(JSON.stringify(frame));
      return true;
    }

    return false;
  }

  private async open(): Promise<void> {
    if (!this.wanted || this.socket) {
      return;
    }

    this.handlers.waiting();
    const generation = ++this.generation;
    let token: string | null;
    try {
      if (this.upgradeFailures > 0) {
        // The last upgrade was refused without a word (browsers hide its status): find out why.
        await this.host.probe(this.documentId);
        await this.host.refresh();
      }

      token = await this.host.accessToken();
    } catch (error) {
      if (generation !== this.generation) {
        return;
      }

      if (error instanceof ApiError && (error.status === 401 || error.status === 403 || error.status === 404)) {
        this.fail(error.status === 404 ? "not_found" : error.status === 403 ? "forbidden" : "unauthorized", error.message);
      } else {
        this.scheduleReconnect();
      }

      return;
    }

    if (generation !== this.generation || !this.wanted) {
      return;
    }

    if (token === null) {
      this.fail("unauthorized", "Signed out: sign in again to edit live.");
      return;
    }

    let socket: WebSocketLike;
    try {
      socket = new this.host.WebSocket(this.host.socketUrl(this.documentId, token, this.session));
    } catch (error) {
      this.fail("invalid_url", (error as Error).message);
      return;
    }

    this.socket = socket;
    let opened = false;
    this.connectTimer = setTimeout(() => {
      this.connectTimer = null;
      if (!opened && this.socket === socket) {
        safeClose(socket, CloseCodes.reconnect, "connect timeout");
        this.closed(socket, 1006, "connect timeout", false);
      }
    }, this.options.connectTimeoutMs);
    socket.onopen = () => {
      opened = true;
      this.clearConnectTimer();
      if (this.socket === socket) {
        this.upgradeFailures = 0;
        this.handlers.opened(socket);
      }
    };
    socket.onmessage = (event) => {
      if (this.socket !== socket || typeof event.data !== "string") {
        return;
      }

      let frame: ServerFrame;
      try {
        frame = JSON.parse(event.data) as ServerFrame;
      } catch {
        return;
      }

      this.handlers.frame(frame, socket);
    };
    socket.onclose = (event) => {
      this.clearConnectTimer();
      this.closed(socket, event.code, event.reason, opened);
    };
    socket.onerror = () => {
      // A close event follows with what can be known.
    };
  }

  private closed(socket: WebSocketLike, code: number, reason: string, opened: boolean): void {
    if (this.socket !== socket) {
      return;
    }

    this.socket = null;
    if (!this.wanted) {
      return;
    }

    if (code === CloseCodes.unauthorized) {
      this.fail(reason || "session_ended", reason === "account_disabled"
        ? "An administrator has disabled this account."
        : "This sign-in was ended; sign in again.");
      return;
    }

    if (code === CloseCodes.notAllowed || FatalCodes.has(reason)) {
      this.fail(reason || "not_found", "The document is gone or you are no longer a member of its project.");
      return;
    }

    if (!opened) {
      this.upgradeFailures++;
    }

    if (code === CloseCodes.reconnect) {
      void this.open();
    } else {
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (!this.wanted || this.reconnectTimer) {
      return;
    }

    this.handlers.waiting();
    const base = Math.min(this.options.maxReconnectDelayMs, this.options.reconnectDelayMs * 2 ** Math.min(this.attempts, 16));
    this.attempts++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.open();
    }, base / 2 + Math.random() * (base / 2));
  }

  private fail(code: string, message: string): void {
    this.stop(CloseCodes.normal, code);
    this.handlers.fatal(code, message);
  }

  private drop(code: number, reason: string): void {
    this.clearConnectTimer();
    const socket = this.socket;
    this.socket = null;
    this.generation++;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      safeClose(socket, code, reason);
    }
  }

  private clearConnectTimer(): void {
    if (this.connectTimer) {
      clearTimeout(this.connectTimer);
      this.connectTimer = null;
    }
  }

  private clearReconnectTimer(): void {
    if (this.reconnectTimer) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
    }
  }
}

function safeClose(socket: WebSocketLike, code: number, reason: string): void {
  try {
    socket.close(code, reason);
  } catch {
    // Closing a socket that never opened throws in some implementations; it is gone either way.
  }
}
