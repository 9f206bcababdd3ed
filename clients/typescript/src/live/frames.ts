import type { Operation } from "../ot/text-operation.js";
import type { SelectionRange } from "../ot/selection.js";

/** Server → client frames of API.md's live protocol (docs/api-extensions.md adds `seq` on errors, `userId` on leaves). */
export type ServerFrame =
  | { type: "snapshot"; revision: number; content: string; clientId: string }
  | { type: "ack"; seq: number; revision: number }
  | { type: "operation"; revision: number; operation: Operation; authorId: string; clientId?: string | null }
  | { type: "presence"; clientId: string; userId?: string; displayName?: string; selection?: SelectionRange[]; left?: boolean }
  | { type: "error"; code: string; message: string; seq?: number };

/** The WebSocket surface this library uses: the browser's, or the `ws` package's, or any look-alike. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export const OPEN = 1;

/** Codes after which reconnecting cannot help. */
export const FatalCodes = new Set(["forbidden", "document_deleted", "not_found", "unauthorized", "session_ended", "account_disabled"]);

/** Close codes of the server (LiveSession, docs/api-extensions.md). */
export const CloseCodes = {
  normal: 1000,
  policyViolation: 1008, // revision_too_old
  tooBig: 1009, // frame_too_large
  serverError: 1011, // cluster_unavailable
  /** The token's session ended or its user was disabled (session_ended, account_disabled). */
  unauthorized: 4001,
  notAllowed: 4003, // not_found
  tooSlow: 4008,
  tooMany: 4029,
  /** Ours: closing to reconnect at once (a gap in revisions, a resync). */
  reconnect: 4000,
} as const;
