import { OtClient, type OtState } from "../ot/ot-client.js";
import type { SelectionRange } from "../ot/selection.js";
import { TextOperation } from "../ot/text-operation.js";
import type { HistoryItem } from "../types.js";
import { Emitter } from "./emitter.js";
import { CloseCodes, FatalCodes, type ServerFrame, type WebSocketLike } from "./frames.js";
import { LiveConnection, type LiveHost } from "./live-connection.js";
import { OwnPresence } from "./own-presence.js";
import { PeerSet, type Peer } from "./peers.js";

export type { LiveHost } from "./live-connection.js";

export type LiveState = "connecting" | "connected" | "reconnecting" | "offline" | "closed";

export interface LiveOptions {
  /** Stays the same across reconnects of one editor tab (default: a random id per LiveDocument). */
  session?: string;
  /** First reconnect delay; doubles per failed attempt (default 500 ms). */
  reconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
  /** Presence is sent at most this often (default 50 ms). */
  presenceIntervalMs?: number;
  /** A socket that has not opened by then is dropped and retried (default 15 s). */
  connectTimeoutMs?: number;
}

export interface LiveEvents {
  snapshot: { content: string; revision: number };
  remote: { operation: TextOperation; authorId: string; clientId: string | null; revision: number };
  presence: Peer[];
  state: LiveState;
  ack: { seq: number; revision: number };
  error: { code: string; message: string; seq?: number };
  deleted: undefined;
  synchronized: undefined;
}

type Queued = { kind: "frame"; frame: ServerFrame; socket: WebSocketLike } | { kind: "open"; socket: WebSocketLike };

/**
 * One document, live: the socket, the ot.js client state machine and the others' presence. Local edits apply to
 * `content` at once and reach the server one at a time; remote ones arrive transformed against them. Frames are
 * handled strictly in order; a gap in revisions, a dropped socket or a server asking to reconnect leads to a
 * reconnect that resumes from the last revision seen and re-sends the operation in flight with its seq.
 */
export class LiveDocument {
  readonly documentId: string;
  readonly session: string;
  /** The server's name for this connection (the session), known after the first snapshot. */
  clientId: string | null = null;

  private readonly events = new Emitter<LiveEvents>();
  private readonly peerSet = new PeerSet();
  private readonly connection: LiveConnection;
  private ot: OtClient | null = null;
  private text = "";
  private currentState: LiveState = "connecting";
  private seq = 0;
  private outstandingSeq: number | null = null;
  private finished = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly queue: Queued[] = [];
  private busy = false;
  private readonly own: OwnPresence;
  private tooOld: { seq: number; count: number } | null = null;
  private waiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private wasSynchronized = false;

  constructor(
    private readonly host: LiveHost,
    documentId: string,
    options: LiveOptions = {},
  ) {
    this.documentId = documentId;
    this.session = options.session ?? randomId();
    this.own = new OwnPresence(options.presenceIntervalMs ?? 50, (frame) => this.ot !== null && this.send(frame), () => this.pendingOps());
    const timing = {
      reconnectDelayMs: options.reconnectDelayMs ?? 500,
      maxReconnectDelayMs: options.maxReconnectDelayMs ?? 10_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 15_000,
    };
    this.connection = new LiveConnection(host, documentId, this.session, timing, {
      opened: (socket) => this.enqueue({ kind: "open", socket }),
      frame: (frame, socket) => this.enqueue({ kind: "frame", frame, socket }),
      waiting: () => this.setState(this.ot ? "reconnecting" : "connecting"),
      fatal: (code, message) => this.fail(code, message),
    });
    this.connection.start();
  }

  get state(): LiveState {
    return this.currentState;
  }

  get otState(): OtState {
    return this.ot?.state ?? "synchronized";
  }

  /** The local view: the server's text with this client's unacknowledged edits applied. */
  get content(): string {
    return this.text;
  }

  /** The last server revision seen (-1 before the first snapshot). */
  get revision(): number {
    return this.ot?.revision ?? -1;
  }

  /** Unacknowledged local operations: the one in flight and the buffer (0, 1 or 2). */
  get pendingCount(): number {
    return this.ot?.pendingCount ?? 0;
  }

  on<K extends keyof LiveEvents>(event: K, listener: (payload: LiveEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  peers(): Peer[] {
    return this.peerSet.list();
  }

  /**
   * A local edit, made on the current `content`. Applied to `content` at once; sent when nothing is in flight,
   * else composed into the buffer. Throws (OperationError) when it does not fit `content`, and before the first
   * snapshot.
   */
  applyLocal(op: TextOperation): void {
    if (this.finished) {
      throw new Error("This LiveDocument is closed.");
    }

    if (!this.ot) {
      throw new Error("Wait for the first snapshot before editing.");
    }

    op.validate(this.text);
    this.text = op.apply(this.text);
    this.peerSet.transform(op);
    this.own.transform(op, true);

    const send = this.ot.applyClient(op);
    if (send) {
      this.outstandingSeq = ++this.seq;
      this.sendOutstanding();
    }

    this.checkSynchronized();
    if (this.peerSet.size > 0) {
      this.events.emit("presence", this.peerSet.list());
    }
  }

  /** This client's selection (local-view UTF-16 positions), sent to the others at most every presenceIntervalMs. */
  setSelection(ranges: SelectionRange[]): void {
    this.own.set(ranges, this.text.length);
    this.own.schedule();
  }

  /** Goes offline on purpose: the socket closes, pending edits stay, local edits keep working. */
  disconnect(): void {
    if (this.finished) {
      return;
    }

    this.clearTimers();
    this.connection.stop(CloseCodes.normal, "offline");
    this.setState("offline");
  }

  /** Connects again after `disconnect()` (or at once while a reconnect is waiting): resumes, re-sends, nothing lost. */
  connect(): void {
    if (this.finished) {
      throw new Error("This LiveDocument is closed.");
    }

    this.connection.start();
  }

  /** Resolves once nothing local is unacknowledged (after the first snapshot); rejects if the document closes. */
  whenSynchronized(): Promise<void> {
    if (this.finished) {
      return Promise.reject(new Error("This LiveDocument is closed."));
    }

    if (this.ot && this.ot.pendingCount === 0 && !this.busy) {
      return Promise.resolve();
    }

    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Closes for good: no more events, no reconnects. Unacknowledged edits are abandoned. */
  close(): void {
    if (this.finished) {
      return;
    }

    this.clearTimers();
    this.connection.stop(CloseCodes.normal, "closed");
    this.finish();
  }

  /** A socket opened: resume where this client left off, or ask for the snapshot. */
  private onOpen(socket: WebSocketLike): void {
    if (this.connection.current !== socket) {
      return;
    }

    if (this.peerSet.clear()) {
      // Presence frames follow for whoever is there now; anyone who left meanwhile is gone.
      this.events.emit("presence", []);
    }

    if (this.ot) {
      this.send({ type: "resume", revision: this.ot.revision, seq: this.seq });
      this.sendOutstanding();
      this.setState("connected");
      this.own.schedule(true);
      this.checkSynchronized();
    } else {
      // Any first frame that is not a resume gets the snapshot at once, even for a session the server knows.
      this.send({ type: "presence", selection: this.own.selection ?? [] });
    }
  }

  // ---- frames ----

  private enqueue(item: Queued): void {
    this.queue.push(item);
    if (!this.busy) {
      this.drain();
    }
  }

  private drain(): void {
    while (this.queue.length > 0 && !this.busy && !this.finished) {
      const item = this.queue.shift()!;
      if (item.kind === "frame" && item.socket !== this.connection.current && item.frame.type !== "error") {
        // From a connection since replaced: the resume on the new one delivers what matters again.
        continue;
      }

      let result: Promise<void> | void;
      try {
        result = item.kind === "open" ? this.onOpen(item.socket) : this.handle(item.frame);
      } catch (error) {
        this.resync("client_error", `Could not apply a frame: ${(error as Error).message}`);
        continue;
      }

      if (result) {
        this.busy = true;
        result
          .catch((error: unknown) => this.resync("client_error", `Could not catch up: ${(error as Error).message}`))
          .finally(() => {
            this.busy = false;
            this.checkSynchronized();
            this.drain();
          });
      }
    }
  }

  private handle(frame: ServerFrame): Promise<void> | void {
    switch (frame.type) {
      case "snapshot":
        return this.onSnapshot(frame);
      case "ack":
        return this.onAck(frame);
      case "operation":
        return this.onOperation(frame);
      case "presence":
        return this.onPresence(frame);
      case "error":
        return this.onError(frame);
    }
  }

  private onSnapshot(frame: Extract<ServerFrame, { type: "snapshot" }>): Promise<void> | void {
    this.clientId = frame.clientId;
    this.connection.answered();
    const ot = this.ot;
    if (!ot || ot.pendingCount === 0) {
      this.reset(frame.content, frame.revision);
      return;
    }

    if (frame.revision < ot.revision) {
      this.reset(frame.content, frame.revision, "The server's document is older than this client's: local edits not yet saved were dropped.");
      return;
    }

    return this.rebase(frame.content, frame.revision);
  }

  /**
   * A snapshot while edits are pending: read what happened between the last revision seen and the snapshot from
   * the history, as if those operations had arrived (this client's own one as the ack), so the pending edits stay.
   */
  private async rebase(content: string, revision: number): Promise<void> {
    const ot = this.ot!;
    const items: HistoryItem[] = [];
    while (ot.revision + items.length < revision) {
      const from = ot.revision + items.length;
      const page = await this.host.history(this.documentId, from, Math.min(1000, revision - from));
      const next = page.filter((item) => item.revision > from + 0 && item.revision <= revision);
      if (next.length === 0 || next[0]!.revision !== from + 1) {
        throw new Error(`the history has no revision ${from + 1}`);
      }

      items.push(...next);
    }

    let sendNext = false;
    for (const item of items) {
      if (item.clientId === this.session && ot.outstanding) {
        sendNext = this.acknowledge() || sendNext;
      } else {
        this.applyRemote(TextOperation.fromJSON(item.operation), item.authorId, item.clientId ?? null, item.revision);
      }
    }

    let expected = content;
    for (const op of [ot.outstanding, ot.buffer]) {
      expected = op ? op.apply(expected) : expected;
    }

    if (expected !== this.text) {
      this.reset(content, revision, "Local edits could not be reconciled with the server's snapshot and were dropped.");
      return;
    }

    this.events.emit("snapshot", { content: this.text, revision });
    this.setState("connected");
    if (sendNext) {
      this.sendOutstanding();
    }
  }

  private reset(content: string, revision: number, lost?: string): void {
    this.ot = new OtClient(revision);
    this.outstandingSeq = null;
    this.text = content;
    this.own.clamp(content.length);

    if (lost) {
      this.events.emit("error", { code: "edits_lost", message: lost });
    }

    this.events.emit("snapshot", { content, revision });
    this.setState("connected");
    this.own.schedule(true);
    this.checkSynchronized();
  }

  private onAck(frame: Extract<ServerFrame, { type: "ack" }>): Promise<void> | void {
    const ot = this.ot;
    if (!ot || frame.revision <= ot.revision) {
      return; // Already seen.
    }

    if (frame.revision !== ot.revision + 1) {
      this.connection.reconnectNow("gap");
      return;
    }

    if (!ot.outstanding || frame.seq !== this.outstandingSeq) {
      // An operation of this session the client no longer holds (dropped by a reset): fetch it like a remote one.
      return this.fetchRevision(frame.revision);
    }

    this.connection.answered();
    this.tooOld = null;
    const sendNext = this.acknowledge();
    this.events.emit("ack", { seq: frame.seq, revision: frame.revision });
    if (sendNext) {
      this.sendOutstanding();
    }

    this.own.afterAck();

    this.checkSynchronized();
  }

  /** The outstanding operation is acknowledged; true when the buffer became the next one to send. */
  private acknowledge(): boolean {
    const next = this.ot!.serverAck();
    this.outstandingSeq = next ? ++this.seq : null;
    return next !== null;
  }

  private async fetchRevision(revision: number): Promise<void> {
    const [item] = await this.host.history(this.documentId, revision - 1, 1);
    if (!item || item.revision !== revision) {
      throw new Error(`the history has no revision ${revision}`);
    }

    if (this.ot && this.ot.revision === revision - 1) {
      this.applyRemote(TextOperation.fromJSON(item.operation), item.authorId, item.clientId ?? null, revision);
    }
  }

  private onOperation(frame: Extract<ServerFrame, { type: "operation" }>): void {
    const ot = this.ot;
    if (!ot || frame.revision <= ot.revision) {
      return;
    }

    if (frame.revision !== ot.revision + 1) {
      this.connection.reconnectNow("gap");
      return;
    }

    this.connection.answered();
    this.applyRemote(TextOperation.fromJSON(frame.operation), frame.authorId, frame.clientId ?? null, frame.revision);
  }

  private applyRemote(op: TextOperation, authorId: string, clientId: string | null, revision: number): void {
    const local = this.ot!.applyServer(op);
    this.text = local.apply(this.text);
    this.peerSet.transform(local, { userId: authorId, clientId });
    this.own.transform(local, false);

    this.events.emit("remote", { operation: local, authorId, clientId, revision });
    if (this.peerSet.size > 0) {
      this.events.emit("presence", this.peerSet.list());
    }
  }

  private onPresence(frame: Extract<ServerFrame, { type: "presence" }>): void {
    if (frame.left) {
      if (this.peerSet.leave(frame.clientId, frame.userId)) {
        this.events.emit("presence", this.peerSet.list());
      }

      return;
    }

    const pending = this.pendingOps();
    this.peerSet.update(
      { clientId: frame.clientId, userId: frame.userId ?? "", displayName: frame.displayName ?? "", selection: frame.selection ?? [] },
      pending,
      this.text.length,
    );
    this.events.emit("presence", this.peerSet.list());
  }

  private onError(frame: Extract<ServerFrame, { type: "error" }>): void {
    const { code, message, seq } = frame;
    this.events.emit("error", { code, message, ...(seq !== undefined && seq !== null && { seq }) });
    const mine = seq !== undefined && seq !== null && seq === this.outstandingSeq;
    if (code === "document_deleted") {
      this.clearTimers();
      this.connection.stop(CloseCodes.normal, "deleted");
      this.events.emit("deleted", undefined);
      this.finish();
    } else if (FatalCodes.has(code)) {
      this.fail(code, message, false);
    } else if (code === "rate_limited") {
      this.retryLater(message, mine);
    } else if (mine && (code === "invalid_operation" || code === "document_too_large" || code === "invalid_json" || code === "invalid_frame")) {
      // The server refused the operation in flight: the local view now holds edits it will never have.
      this.resync("edits_lost", `The server refused a local edit (${code}: ${message}); the document was reloaded.`);
    } else if (mine && code === "revision_too_old") {
      // The server closes after this; the reconnect re-sends on the newest revision. Twice for one seq: reload.
      this.tooOld = this.tooOld?.seq === seq ? { seq, count: this.tooOld.count + 1 } : { seq, count: 1 };
      if (this.tooOld.count > 1) {
        this.resync("edits_lost", "A local edit could not be placed in the server's history; the document was reloaded.");
      }
    } else if (code === "frame_too_large") {
      this.resync("edits_lost", "A local edit was too large to send; the document was reloaded.");
    }
  }

  /** Re-sends the refused operation (or presence) after the server's suggested wait. */
  private retryLater(message: string, operation: boolean): void {
    if (this.retryTimer) {
      return;
    }

    const seconds = Number(/in (\d+(?:\.\d+)?) s/.exec(message)?.[1] ?? 1);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (operation) {
        this.sendOutstanding();
      }

      this.own.schedule(true);
    }, Math.max(100, seconds * 1000));
  }

  /** Drops local state and reloads the document from a fresh snapshot. */
  private resync(code: string, message: string): void {
    if (this.finished) {
      return;
    }

    if (this.ot && this.ot.pendingCount > 0) {
      this.events.emit("error", { code, message });
    } else if (code === "client_error") {
      this.events.emit("error", { code, message });
    }

    this.ot = null;
    this.outstandingSeq = null;
    this.queue.length = 0;
    this.connection.reconnectNow("resync");
  }

  // ---- sending ----

  private send(frame: object): boolean {
    return this.connection.send(frame);
  }

  private sendOutstanding(): void {
    const ot = this.ot;
    if (ot?.outstanding && this.outstandingSeq !== null) {
      this.send({ type: "operation", revision: ot.revision, operation: ot.outstanding.toJSON(), seq: this.outstandingSeq });
    }
  }

  /** The local operations the server has not applied yet, oldest first. */
  private pendingOps(): TextOperation[] {
    return [this.ot?.outstanding, this.ot?.buffer].filter((op): op is TextOperation => !!op);
  }

  // ---- state ----

  private setState(state: LiveState): void {
    if (this.currentState !== state && !(this.currentState === "closed")) {
      this.currentState = state;
      this.events.emit("state", state);
    }
  }

  private checkSynchronized(): void {
    const synchronized = !!this.ot && this.ot.pendingCount === 0 && !this.busy;
    if (synchronized && !this.wasSynchronized) {
      this.events.emit("synchronized", undefined);
    }

    this.wasSynchronized = synchronized;
    if (synchronized) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const waiter of waiters) {
        waiter.resolve();
      }
    }
  }

  /** A fatal refusal: say why, stop for good. */
  private fail(code: string, message: string, emit = true): void {
    if (emit) {
      this.events.emit("error", { code, message });
    }

    this.clearTimers();
    this.connection.stop(CloseCodes.normal, code);
    this.finish();
  }

  private finish(): void {
    this.finished = true;
    this.setState("closed");
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) {
      waiter.reject(new Error("The live document closed."));
    }
  }

  private clearTimers(): void {
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }

    this.own.cancel();
  }
}

function randomId(): string {
  const crypto = globalThis.crypto;
  if (crypto?.randomUUID) {
    return crypto.randomUUID().replace(/-/g, "");
  }

  return Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join("");
}
