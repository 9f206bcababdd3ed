import { OperationError, TextOperation } from "./text-operation.js";

export type OtState = "synchronized" | "awaitingConfirm" | "awaitingWithBuffer";

/**
 * The ot.js client state machine, pure (no I/O): at most one operation in flight (`outstanding`), later local
 * edits composed into one `buffer`, and both transformed, as the first argument of `transform`, against each
 * operation the server sends, so they converge with a server that transforms incoming operations the same way.
 *
 * - `applyClient(op)` for a local edit: returns the operation to send now (only when nothing was in flight).
 * - `applyServer(op)` for someone else's operation: returns it transformed, to apply to the local view.
 * - `serverAck()` when the outstanding operation was acknowledged: returns the buffer, now to be sent, if any.
 *
 * `revision` counts the server revisions this client has seen (acks included).
 */
export class OtClient {
  outstanding: TextOperation | null = null;
  buffer: TextOperation | null = null;

  constructor(public revision = 0) {}

  get state(): OtState {
    return this.outstanding === null ? "synchronized" : this.buffer === null ? "awaitingConfirm" : "awaitingWithBuffer";
  }

  /** Unacknowledged local operations: the outstanding one and the buffer. */
  get pendingCount(): number {
    return (this.outstanding ? 1 : 0) + (this.buffer ? 1 : 0);
  }

  applyClient(op: TextOperation): TextOperation | null {
    if (this.outstanding === null) {
      this.outstanding = op;
      return op;
    }

    this.buffer = this.buffer === null ? op : this.buffer.compose(op);
    return null;
  }

  applyServer(op: TextOperation): TextOperation {
    let incoming = op;
    if (this.outstanding !== null) {
      [this.outstanding, incoming] = TextOperation.transform(this.outstanding, incoming);
    }

    if (this.buffer !== null) {
      [this.buffer, incoming] = TextOperation.transform(this.buffer, incoming);
    }

    this.revision++;
    return incoming;
  }

  serverAck(): TextOperation | null {
    if (this.outstanding === null) {
      throw new OperationError("An acknowledgement arrived with no operation in flight.");
    }

    this.revision++;
    this.outstanding = this.buffer;
    this.buffer = null;
    return this.outstanding;
  }
}
